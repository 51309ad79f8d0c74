/**
 * Worker side of a schedule tick: which run it is, the overlap policy through the flow's lane (schedule-lane.ts),
 * the misfire policy for a late tick, and the `queued` run record (stored once per tick).
 */
import { createHash } from 'node:crypto';
import type { RunRecord } from '@idflow/engine';
import type { Job, Queue } from 'bullmq';
import type { RuntimeContext } from '../context';
import { flowTrigger } from '../flow-triggers';
import { MAX_PENDING, missedTick } from '../schedules/scheduler';
import { type EndRunDeps, endRun } from './end-run';
import { SCHEDULE_JOB, type ScheduleJob, ScheduleJobSchema } from './queue-names';
import type { LaneTick, ScheduleLane } from './schedule-lane';
import type { MisfireMarks } from './schedule-marks';

/** A run id in the UUIDv7 shape derived from the tick's job id: a tick re-delivered after a crash is the same run. */
export function scheduleRunId(jobId: string, tickMs: number): string {
  const b = createHash('sha256').update(jobId).digest().subarray(0, 16);
  b.writeUIntBE(tickMs, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Job id of a held tick's job: the same for every hand-off of one tick, so a second one adds nothing. */
export const heldJobId = (runId: string) => `held-${runId}`;

/** Delay of the n-th hand-off in a row after a failed tick job (the store or Redis failing): 1 s doubling to 60 s. */
export const retryDelayMs = (retry: number) => (retry <= 0 ? 0 : Math.min(60_000, 1000 * 2 ** (retry - 1)));

/**
 * Adds the job that runs a held tick now that the lane is free (any worker takes it). `retry` counts the failed
 * tick jobs before this hand-off, so a store that is down is retried with a backoff, not in a tight loop.
 */
export async function handOff(queue: Queue, flowId: string, tick: LaneTick, retry = 0): Promise<void> {
  const data: ScheduleJob = {
    flowId,
    tickMs: tick.tickMs,
    runId: tick.runId,
    held: true,
    ...(tick.misfire ? { misfire: true } : {}),
    ...(retry > 0 ? { retry } : {}),
  };
  // Removed when done: a tick put back in line later (a re-delivered holder) can be handed off again.
  const job = await queue.add(SCHEDULE_JOB, data, {
    jobId: heldJobId(tick.runId),
    removeOnComplete: true,
    removeOnFail: true,
    delay: retryDelayMs(retry),
  });
  // The tick's job exists already, parked (it found the lane taken): wake it now rather than at its re-check.
  if (retry === 0 && (await job.getState()) === 'delayed') await job.promote().catch(() => undefined);
}

export type TickOutcome =
  | { kind: 'run'; runId: string; flowId: string; lane?: { flowId: string; token: string } }
  | { kind: 'skipped' | 'held' }
  /**
   * A held tick's job that found the lane taken: it stays in line and is woken by the next hand-off; the job is
   * parked (delayed a lease period) only so a hand-off lost in a race still happens.
   */
  | { kind: 'park' };

export interface TickDeps {
  context: RuntimeContext;
  lane: ScheduleLane;
  marks: MisfireMarks;
  queue: Queue;
}

/** What takeTick reads of a BullMQ job (`processedOn`: when it was taken; BullMQ fires the next tick after it). */
export type TickJob = Pick<Job, 'id' | 'timestamp' | 'processedOn'> & { data: unknown };

/** The tick a schedule job stands for: its parsed data, the lane token (job id), tick time and run id. */
export function tickOfJob(job: Pick<TickJob, 'id' | 'timestamp' | 'data'>): {
  data: ScheduleJob;
  jobId: string;
  tickMs: number;
  runId: string;
} {
  const data = ScheduleJobSchema.parse(job.data);
  const jobId = job.id ?? `${data.flowId}:${job.timestamp}`;
  const tickMs = data.tickMs ?? Number(/:(\d+)$/.exec(jobId)?.[1] ?? job.timestamp);
  return { data, jobId, tickMs, runId: data.runId ?? scheduleRunId(jobId, tickMs) };
}

/**
 * Turns a schedule job into a run to execute, or says why not.
 * @example const t = await takeTick({ context, lane, marks, queue }, job); if (t.kind === 'run') execute(t.runId)
 */
export async function takeTick(
  { context: c, lane, marks, queue }: TickDeps,
  job: TickJob,
): Promise<TickOutcome> {
  const { data, jobId, tickMs, runId } = tickOfJob(job);
  const { flowId } = data;
  let misfire = data.misfire === true;
  const existing = await c.store.getRun(runId);
  const stored = await c.store.getFlow(flowId);
  const sched = stored?.enabled ? flowTrigger(stored.flow, c.catalog)?.schedule : undefined;
  if (!stored || !sched) {
    if (existing) return { kind: 'run', runId, flowId };
    // Held ticks of a flow that no longer runs are dropped, as in single mode.
    if (data.held) await clearLine(c, lane, flowId);
    return { kind: 'skipped' };
  }
  const scheduledAt = new Date(tickMs).toISOString();
  const skip = async () => {
    c.metrics.scheduleTicks.inc({ flow: flowId, outcome: 'skipped' });
    await saveLastFire(c, flowId, scheduledAt);
    return { kind: 'skipped' } as const;
  };

  // runOnce: a tick a main's catch-up already covers is skipped (one run per tick), and a scheduler tick delivered
  // after a later tick had fallen too (nothing ran the schedule for a while) is the one catch-up.
  if (!existing && !data.held && !misfire && sched.misfire === 'runOnce') {
    const late = missedTick(sched, scheduledAt, c.clock.now()) !== undefined;
    const decided = await marks.tick(flowId, tickMs, late, job.processedOn ?? c.clock.now());
    if (decided === 'skip') return skip();
    misfire = decided === 'misfire';
  }

  // Held ticks drain in order even if the flow stopped queueing since.
  const mode = data.held ? 'queue' : sched.overlap;
  let held = false;
  if (mode !== 'allow') {
    const tick = { runId, tickMs, misfire };
    const gate = await lane.gate(
      flowId,
      jobId,
      tick,
      mode,
      data.held ? Number.POSITIVE_INFINITY : MAX_PENDING,
    );
    if (gate.state === 'handoff') await handOff(queue, flowId, gate.first);
    if (gate.state !== 'hold') {
      if (data.held) return { kind: 'park' };
      if (gate.state === 'skipped' || (gate.state === 'handoff' && !gate.waits)) {
        // A re-delivered holder (its worker died) whose lane was taken meanwhile: never leave its run open.
        if (existing && (existing.status === 'queued' || existing.status === 'running')) {
          await closeSkipped(c, existing);
        }
        c.log.info({ flowId, scheduledAt }, 'schedule tick skipped: the previous run is still going');
        return skip();
      }
      c.metrics.scheduleTicks.inc({ flow: flowId, outcome: 'queued' });
      // Accepted into the line: a main starting meanwhile must not take this tick for a missed one.
      await saveLastFire(c, flowId, scheduledAt);
      return { kind: 'held' };
    }
    held = true;
  }
  const laneRef = held ? { lane: { flowId, token: jobId } } : {};
  if (existing) return { kind: 'run', runId, flowId, ...laneRef };
  let saved: RunRecord | undefined;
  try {
    const now = c.clock.nowIso();
    const run: RunRecord = {
      id: runId,
      flowId,
      flowHash: stored.hash,
      flowVersion: stored.version,
      trigger: {
        kind: 'schedule',
        data: { scheduledAt, firedAt: now, ...(misfire ? { misfire: true } : {}) },
      },
      status: 'queued',
      queuedAt: now,
      steps: [],
    };
    await c.store.saveRun(run);
    saved = run;
    await saveLastFire(c, flowId, scheduledAt, runId);
    c.metrics.scheduleTicks.inc({ flow: flowId, outcome: misfire ? 'misfire' : 'started' });
    c.bus.publish({ type: 'run.queued', runId, flowId, at: now });
  } catch (err) {
    if (held) await lane.release(flowId, jobId).catch(() => undefined);
    // Nothing runs this tick again (the job fails, and a held tick has left the line): never leave it `queued`.
    if (saved) await failTickRun(c, saved, err).catch(() => undefined);
    throw err;
  }
  return { kind: 'run', runId, flowId, ...laneRef };
}

/**
 * Drops every tick waiting in the flow's line (disabled, deleted, or no longer `queue`). A tick in line that already
 * has a stored run (a re-delivered holder put back in line) is marked interrupted: nothing would run it any more.
 */
export async function clearLine(
  c: EndRunDeps & { store: Pick<RuntimeContext['store'], 'getRun'> },
  lane: ScheduleLane,
  flowId: string,
): Promise<void> {
  for (const t of await lane.waiting(flowId)) {
    const run = await c.store.getRun(t.runId);
    if (run?.status !== 'queued') continue;
    const message =
      'This scheduled run was waiting in line when the flow stopped queueing ticks (disabled, deleted or its ' +
      'overlap changed): it was not run.';
    await endRun(c, run, 'interrupted', { code: 'INTERRUPTED', message });
  }
  await lane.clear(flowId);
}

/** Ends the stored run of a tick whose job failed before the run ended (nothing runs that tick again). */
export async function failTickRun(
  c: Pick<RuntimeContext, 'store' | 'bus' | 'clock'>,
  run: RunRecord,
  cause: unknown,
): Promise<void> {
  const why = cause instanceof Error ? cause.message : String(cause);
  await endRun(c, run, 'failed', {
    code: 'SCHEDULE_TICK_FAILED',
    message: `This scheduled run's tick job failed before the run ended (${why}); it is not retried.`,
  });
}

/** Ends the stored run of a tick that lost its lane (never run, or cut off with its worker). */
function closeSkipped(c: RuntimeContext, run: RunRecord): Promise<void> {
  return endRun(c, run, 'interrupted', {
    code: 'INTERRUPTED',
    message:
      'The worker that took this scheduled run stopped, and a later tick had the lane by the time it was ' +
      'taken over (overlap skip, or a full queue): it was not run again.',
  });
}

/** lastFireAt only moves forward: a held or late tick saved after a newer one must not make a later main see a miss. */
async function saveLastFire(c: RuntimeContext, flowId: string, at: string, runId?: string): Promise<void> {
  const state = await c.store.getScheduleState(flowId);
  const last = state?.lastFireAt && state.lastFireAt > at ? state.lastFireAt : at;
  await c.store.saveScheduleState({
    ...state,
    flowId,
    lastFireAt: last,
    ...(runId ? { lastRunId: runId } : {}),
  });
}
