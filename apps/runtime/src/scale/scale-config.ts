/** Scale-out settings from the environment: IDFLOW_MODE, IDFLOW_REDIS_URL, IDFLOW_STORE and worker limits. */
import { z } from 'zod';
import { isPostgresUrl } from '../store-postgres/store-from-url';

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a whole number ≥ 1` })
    .int({ error: `${name} must be a whole number ≥ 1` })
    .min(1, {
      error: `${name} must be a whole number ≥ 1`,
    });

export const ScaleConfigSchema = z
  .object({
    /** single: one process, in-process queue (default). main: HTTP, webhooks, schedules; enqueues. worker: executes. */
    mode: z
      .enum(['single', 'main', 'worker'], { error: 'IDFLOW_MODE must be single, main or worker' })
      .default('single'),
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, { error: 'IDFLOW_REDIS_URL must look like redis://host:6379' })
      .optional(),
    /** A data folder (file store) or postgres://… */
    store: z.string().min(1).default('./data'),
    workerConcurrency: positiveInt('IDFLOW_WORKER_CONCURRENCY').default(8),
    perFlowConcurrency: positiveInt('IDFLOW_PER_FLOW_CONCURRENCY').optional(),
    queuePrefix: z
      .string()
      .regex(/^[A-Za-z0-9_:-]+$/, { error: 'IDFLOW_QUEUE_PREFIX: letters, digits, _ - :' })
      .default('idflow'),
    onStalled: z
      .enum(['interrupt', 'rerun'], { error: 'IDFLOW_ON_STALLED must be interrupt or rerun' })
      .default('interrupt'),
    workerId: z.string().min(1).optional(),
    /** Redis pub/sub channel for run events. */
    eventsChannel: z.string().min(1).default('idflow:events'),
    /** A dead worker's runs are taken over after about this long (BullMQ lock duration). */
    lockDurationMs: positiveInt('IDFLOW_LOCK_DURATION_MS').default(30_000),
    stalledIntervalMs: positiveInt('IDFLOW_STALLED_INTERVAL_MS').default(30_000),
  })
  .superRefine((c, ctx) => {
    if (c.mode === 'single') return;
    if (!c.redisUrl) {
      ctx.addIssue({
        code: 'custom',
        message: `IDFLOW_MODE=${c.mode} needs IDFLOW_REDIS_URL (redis://host:6379)`,
      });
    }
    if (!isPostgresUrl(c.store)) {
      ctx.addIssue({
        code: 'custom',
        message: `IDFLOW_MODE=${c.mode} needs a store every machine shares: IDFLOW_STORE=postgres://user@host:5432/db (got "${c.store}")`,
      });
    }
  });

export type ScaleConfig = z.output<typeof ScaleConfigSchema>;

/**
 * Reads the scale-out variables; throws one Error listing every problem.
 * @example const scale = loadScaleConfig(process.env); if (scale.mode === 'worker') ...
 */
export function loadScaleConfig(env: NodeJS.ProcessEnv): ScaleConfig {
  const pick = (name: string) => (env[name] === '' ? undefined : env[name]);
  const parsed = ScaleConfigSchema.safeParse({
    mode: pick('IDFLOW_MODE'),
    redisUrl: pick('IDFLOW_REDIS_URL'),
    store: pick('IDFLOW_STORE') ?? pick('IDFLOW_DATA_DIR'),
    workerConcurrency: pick('IDFLOW_WORKER_CONCURRENCY'),
    perFlowConcurrency: pick('IDFLOW_PER_FLOW_CONCURRENCY'),
    queuePrefix: pick('IDFLOW_QUEUE_PREFIX'),
    onStalled: pick('IDFLOW_ON_STALLED'),
    workerId: pick('IDFLOW_WORKER_ID'),
    eventsChannel: pick('IDFLOW_EVENTS_CHANNEL'),
    lockDurationMs: pick('IDFLOW_LOCK_DURATION_MS'),
    stalledIntervalMs: pick('IDFLOW_STALLED_INTERVAL_MS'),
  });
  if (!parsed.success) {
    throw new Error(
      `Invalid scale-out configuration:\n${parsed.error.issues.map((i) => `  - ${i.message}`).join('\n')}`,
    );
  }
  return parsed.data;
}
