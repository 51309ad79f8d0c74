/** `trigger.webhook` implementation: emits the request the runtime received. */
import { defineNodeType } from '@idflow/engine';
import { webhookTriggerDefinition } from './definition';

export const webhookTrigger = defineNodeType(webhookTriggerDefinition, {
  run: async (ctx) => ({ output: ctx.trigger.data }),
});
