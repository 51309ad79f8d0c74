/** `transform.set` implementation: outputs the resolved fields as one object. */
import { defineNodeType } from '@idflow/engine';
import { setDefinition } from './definition';

export const setNode = defineNodeType(setDefinition, {
  run: async (ctx) => ({ output: { ...ctx.config.fields } }),
});
