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
import { SCHEDULE_JOB, type ScheduleJob, ScheduleJobSchema } from './queue-names';
import type { LaneTick, ScheduleLane } from './schedule-lane';

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

/** Adds the job that runs a held tick now that the lane is free (any worker takes it). */
export async function handOff(queue: Queue, flowId: string, tick: LaneTick): Promise<void> {
  const data: ScheduleJob = {
    flowId,
    tickMs: tick.tickMs,
    runId: tick.runId,
    held: true,
    ...(tick.misfire ? { misfire: true } : {}),
  };
  // Removed when done: a tick put back in line later (a re-delivered holder) can be handed off again.
  await queue.add(SCHEDULE_JOB, data, {
    jobId: heldJobId(tick.runId),
    removeOnComplete: true,
    removeOnFail: true,
  });
}

export type TickOutcome =
  | { kind: 'run'; runId: string; flowId: string; lane?: { flowId: string; token: string } }
  | { kind: 'skipped' | 'held' }
  /** A held tick's job that found the lane taken after all: look again shortly. */
  | { kind: 'poll' };

export interface TickDeps {
  context: RuntimeContext;
  lane: ScheduleLane;
  queue: Queue;
}

/**
 * Turns a schedule job into a run to execute, or says why not.
 * @example const t = await takeTick({ context, lane, queue }, job); if (t.kind === 'run') execute(t.runId)
 */
export async function takeTick({ context: c, lane, queue }: TickDeps, job: Job): Promise<TickOutcome> {
  const data = ScheduleJobSchema.parse(job.data);
  const { flowId } = data;
  const jobId = job.id ?? `${flowId}:${job.timestamp}`;
  const tickMs = data.tickMs ?? Number(/:(\d+)$/.exec(jobId)?.[1] ?? job.timestamp);
  const runId = data.runId ?? scheduleRunId(jobId, tickMs);
  let misfire = data.misfire === true;
  const existing = await c.store.getRun(runId);
  const stored = await c.store.getFlow(flowId);
  const sched = stored?.enabled ? flowTrigger(stored.flow, c.catalog)?.schedule : undefined;
  if (!stored || !sched) {
    if (existing) return { kind: 'run', runId, flowId };
    // Held ticks of a flow that no longer runs are dropped, as in single mode.
    if (data.held) await lane.clear(flowId);
    return { kind: 'skipped' };
  }
  const scheduledAt = new Date(tickMs).toISOString();
  const skip = async () => {
    c.metrics.scheduleTicks.inc({ flow: flowId, outcome: 'skipped' });
    await saveLastFire(c, flowId, scheduledAt);
    return { kind: 'skipped' } as const;
  };

  // A scheduler tick delivered after a later tick had fallen too (nothing ran the schedule for a while): under
  // runOnce it is the one catch-up, unless a main's start already decided one covering it.
  if (!existing && !data.held && !misfire && sched.misfire === 'runOnce') {
    if (missedTick(sched, scheduledAt, c.clock.now())) {
      if (!(await lane.claimMisfire(flowId, tickMs, c.clock.now()))) return skip();
      misfire = true;
    }
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
      if (data.held) return { kind: 'poll' };
      if (gate.state === 'skipped' || (gate.state === 'handoff' && !gate.waits)) {
        c.log.info({ flowId, scheduledAt }, 'schedule tick skipped: the previous run is still going');
        return skip();
      }
      c.metrics.scheduleTicks.inc({ flow: flowId, outcome: 'queued' });
      return { kind: 'held' };
    }
    held = true;
  }
  const laneRef = held ? { lane: { flowId, token: jobId } } : {};
  if (existing) return { kind: 'run', runId, flowId, ...laneRef };
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
    await saveLastFire(c, flowId, scheduledAt, runId);
    c.metrics.scheduleTicks.inc({ flow: flowId, outcome: misfire ? 'misfire' : 'started' });
    c.bus.publish({ type: 'run.queued', runId, flowId, at: now });
  } catch (err) {
    if (held) await lane.release(flowId, jobId).catch(() => undefined);
    throw err;
  }
  return { kind: 'run', runId, flowId, ...laneRef };
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
