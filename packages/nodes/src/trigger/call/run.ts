/** `trigger.call` implementation: emits the input given by the calling flow. */
import { defineNodeType } from '@idflow/engine';
import { callTriggerDefinition } from './definition';

export const callTrigger = defineNodeType(callTriggerDefinition, {
  run: async (ctx) => ({ output: ctx.trigger.data }),
});
