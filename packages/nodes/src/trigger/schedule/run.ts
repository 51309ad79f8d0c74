/** `trigger.schedule` implementation: emits the tick the runtime fired. */
import { defineNodeType, NodeError } from '@idflow/engine';
import { isValidTimeZone, scheduleTriggerDefinition } from './definition';

export const scheduleTrigger = defineNodeType(scheduleTriggerDefinition, {
  run: async (ctx) => {
    if (!isValidTimeZone(ctx.config.timezone)) {
      throw new NodeError('CONFIG_INVALID', `Unknown time zone "${ctx.config.timezone}"; use an IANA name.`);
    }
    return { output: ctx.trigger.data };
  },
});
