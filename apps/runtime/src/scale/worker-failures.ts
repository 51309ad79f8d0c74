/**
 * What a worker does when BullMQ gives a job up (`failed`): a tick job lets its lane go with a backoff (and a tick
 * that keeps failing is dropped from the line), and a run whose job stalled too often is never left open.
 * Every promise here is caught: this runs from an event handler, where a rejection would kill the worker.
 */
import type { RunRecord } from '@idflow/engine';
import type { Job, Queue } from 'bullmq';
import type { RuntimeContext } from '../context';
import { endRun } from './end-run';
import { RunJobSchema, SCHEDULE_JOB, ScheduleJobSchema } from './queue-names';
import type { ScheduleLane } from './schedule-lane';
import { failTickRun, handOff, tickOfJob } from './schedule-ticks';

/** Failed attempts of one held tick before it leaves the line (1+2+4+8+16 s of backoff): it no longer blocks it. */
export const MAX_TICK_RETRIES = 5;

export type WorkerDeps = Pick<RuntimeContext, 'store' | 'bus' | 'clock' | 'metrics' | 'log'>;

/** Ends a stored run as `interrupted` and says so on the bus (the editor, `wait: true` callers). */
export function interruptRun(c: WorkerDeps, run: RunRecord, message: string): Promise<void> {
  return endRun(c, run, 'interrupted', { code: 'INTERRUPTED', message });
}

/** Lets the flow's lane go and starts the first held tick, if any (`retry`: after failed tick jobs, delayed). */
export async function leaveLane(
  lane: ScheduleLane,
  queue: Queue,
  flowId: string,
  token: string,
  retry = 0,
): Promise<void> {
  const next = await lane.release(flowId, token);
  if (next) await handOff(queue, flowId, next, retry);
}

/** A tick job whose run threw (the store failing mid-run): its stored run must not stay open, nothing retries it. */
export async function failOpenTickRun(c: WorkerDeps, runId: string, cause: unknown): Promise<void> {
  try {
    const run = await c.store.getRun(runId);
    if (run?.status === 'queued' || run?.status === 'running') await failTickRun(c, run, cause);
  } catch (err) {
    c.log.warn({ err, runId }, 'scheduled run not marked failed after its tick job failed');
  }
}

export type FailedJob = Pick<Job, 'id' | 'name' | 'timestamp'> & { data: unknown };

/**
 * @example worker.on('failed', (job, err) => void onJobFailed({ context, lane, queue }, job, err));
 */
export async function onJobFailed(
  deps: { context: WorkerDeps; lane: ScheduleLane; queue: Queue },
  job: FailedJob | undefined,
  err: Error,
): Promise<void> {
  const { context: c } = deps;
  if (!job?.id) return;
  let runId: string | undefined;
  if (job.name === SCHEDULE_JOB) {
    const parsed = ScheduleJobSchema.safeParse(job.data);
    if (!parsed.success) return;
    runId = tickOfJob(job).runId;
    await tickFailed(deps, job.id, parsed.data, runId).catch((e: unknown) =>
      c.log.warn({ err: e, flowId: parsed.data.flowId }, 'schedule lane not handed on after a failed tick'),
    );
  } else {
    runId = RunJobSchema.safeParse(job.data).data?.runId;
  }
  // Stalled past maxStalledCount (its workers kept dying): never leave the run open forever.
  if (!runId || !/stalled/i.test(err.message)) return;
  const id = runId;
  await (async () => {
    const run = await c.store.getRun(id);
    const open = run?.status === 'running' || (run?.status === 'queued' && job.name === SCHEDULE_JOB);
    if (run && open) await interruptRun(c, run, `The run's workers stopped repeatedly (${err.message}).`);
  })().catch((e: unknown) => c.log.warn({ err: e, runId: id }, 'run of a stalled job not marked'));
}

/**
 * A failed tick job lets its lane go (a no-op unless it held it), so held ticks go on; each failure in a row delays
 * the next hand-off more, so a store that is down is not retried in a tight loop. A held tick that failed
 * MAX_TICK_RETRIES times after its first try leaves the line, counted as skipped.
 */
async function tickFailed(
  { context: c, lane, queue }: { context: WorkerDeps; lane: ScheduleLane; queue: Queue },
  jobId: string,
  data: { flowId: string; held?: boolean | undefined; retry?: number | undefined },
  runId: string,
): Promise<void> {
  const retry = (data.retry ?? 0) + 1;
  const next = await lane.release(data.flowId, jobId);
  if (!next) return;
  if (!(data.held && next.runId === runId && retry > MAX_TICK_RETRIES)) {
    await handOff(queue, data.flowId, next, retry);
    return;
  }
  await lane.drop(data.flowId, next);
  c.metrics.scheduleTicks.inc({ flow: data.flowId, outcome: 'skipped' });
  c.log.warn(
    { flowId: data.flowId, runId, scheduledAt: new Date(next.tickMs).toISOString() },
    `schedule tick dropped: it failed ${retry} times in a row`,
  );
  // The next tick starts its own count, still after a short backoff (the store may be what fails).
  await leaveLane(lane, queue, data.flowId, jobId, 1);
}
