/** Names shared by the main and worker roles: BullMQ queue, key prefix, job payloads, cancel channel. */
import { z } from 'zod';

export const DEFAULT_QUEUE_NAME = 'runs';
export const DEFAULT_PREFIX = 'idflow';

/** Where BullMQ keeps jobs; every process of one deployment must agree on these. */
export interface QueueLocation {
  redisUrl: string;
  /** BullMQ key prefix (default `idflow`); tests use one per test so runs don't collide. */
  prefix?: string;
  /** Default `runs`. */
  queueName?: string;
}

export const RunJobSchema = z.object({
  runId: z.string().min(1),
  flowId: z.string().min(1),
  /** The unredacted trigger, encrypted with the deployment's secret key, when redaction changed the stored one. */
  sealedTrigger: z.string().startsWith('enc:v1:').optional(),
  /** Rerun from the failed step: the node to resume at and the original run's steps. */
  resumeFrom: z
    .object({ nodeId: z.string().min(1), steps: z.array(z.looseObject({ nodeId: z.string() })) })
    .optional(),
});
export type RunJob = z.infer<typeof RunJobSchema>;
/**
 * A tick job from the flow's job scheduler (`{ flowId }`), a misfire catch-up added at a main's start
 * (`tickMs`, `misfire`), or a held `queue` tick handed the lane (`held`, with the `runId` it was given in line).
 */
export const ScheduleJobSchema = z.object({
  flowId: z.string().min(1),
  tickMs: z.number().int().nonnegative().optional(),
  misfire: z.boolean().optional(),
  runId: z.string().min(1).optional(),
  held: z.boolean().optional(),
  /** Failed tick jobs in a row before this hand-off (it is delayed accordingly). */
  retry: z.number().int().nonnegative().optional(),
});
export type ScheduleJob = z.infer<typeof ScheduleJobSchema>;

export const RUN_JOB = 'run';
export const SCHEDULE_JOB = 'schedule';

export const cancelChannel = (prefix: string) => `${prefix}:cancel`;
export const workersKey = (prefix: string) => `${prefix}:workers`;
