/** `trigger.schedule` definition: a flow started by a cron schedule. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';

export const scheduleTriggerConfig = z.object({
  cron: z
    .string()
    .trim()
    .regex(/^\S+(\s+\S+){4,5}$/, 'must be a cron expression with 5 fields, or 6 with seconds first')
    .meta({
      title: 'Cron',
      description:
        'Five fields (minute hour day month weekday) or six with seconds first, e.g. `0 2 * * 1-5`.',
    }),
  timezone: z.string().min(1).max(64).default('UTC').meta({
    title: 'Time zone',
    description: 'IANA time zone the schedule is read in, e.g. `Europe/Paris`.',
  }),
  overlap: z.enum(['skip', 'queue', 'allow']).default('skip').meta({
    title: 'When still running',
    description:
      '`skip` a tick while the previous run is still going, `queue` it, or `allow` runs to overlap.',
  }),
  misfire: z.enum(['skip', 'runOnce']).default('skip').meta({
    title: 'Missed ticks',
    description: 'After downtime: `skip` missed ticks, or `runOnce` to catch up with a single run.',
  }),
});

export const scheduleTriggerDefinition = defineNodeDefinition({
  type: 'trigger.schedule',
  title: 'Schedule',
  category: 'trigger',
  trigger: 'schedule',
  icon: 'clock',
  description:
    'Starts the flow on a cron schedule in a given time zone. Expressions see the tick as `trigger`.',
  config: scheduleTriggerConfig,
  outputs: [{ id: 'out' }],
  hasInput: false,
  output: {
    type: 'object',
    properties: {
      scheduledAt: { type: 'string', description: 'ISO time of the tick.' },
      firedAt: { type: 'string', description: 'ISO time the run actually started.' },
    },
  },
  sideEffects: false,
  summary: (config) => `${String(config.cron ?? '')} (${String(config.timezone ?? 'UTC')})`,
});

/** Whether `zone` is an IANA time zone this JavaScript runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
