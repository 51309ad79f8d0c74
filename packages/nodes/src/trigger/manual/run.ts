/** `trigger.manual` implementation: emits the run input. */
import { defineNodeType } from '@idflow/engine';
import { manualTriggerDefinition } from './definition';

export const manualTrigger = defineNodeType(manualTriggerDefinition, {
  run: async (ctx) => ({ output: ctx.trigger.data }),
});
