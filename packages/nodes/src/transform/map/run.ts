/** `transform.map` implementation: outputs the resolved value. */
import { defineNodeType } from '@idflow/engine';
import { mapDefinition } from './definition';

export const mapNode = defineNodeType(mapDefinition, {
  run: async (ctx) => ({ output: ctx.config.value ?? null }),
});
