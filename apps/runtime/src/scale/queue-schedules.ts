/**
 * Schedules in queue mode: BullMQ job schedulers (one per flow, id `schedule:<flowId>`) produce one job per tick, so
 * several main processes upserting the same scheduler never fire a tick twice. The worker turns a tick into a run.
 */
import { createHash } from 'node:crypto';
import type { RunRecord } from '@idflow/engine';
import type { Job, Queue } from 'bullmq';
import type { RuntimeCatalog, RuntimeContext } from '../context';
import { flowTrigger, type ScheduleTriggerConfig } from '../flow-triggers';
import { checkCron, nextFireTimes } from '../schedules/cron-times';
import type { Scheduler } from '../schedules/scheduler';
import type { Store } from '../store/types';
import { SCHEDULE_JOB, ScheduleJobSchema } from './queue-names';

export const schedulerId = (flowId: string) => `schedule:${flowId}`;

export interface QueueSchedulerOptions {
  queue: Queue;
  store: Store;
  catalog: RuntimeCatalog;
  onWarn?: (flowId: string, message: string) => void;
}

/**
 * The runtime's Scheduler interface on BullMQ job schedulers (drop-in for createScheduler in the main role).
 * stop() leaves the schedulers in Redis: other main processes still serve them. Overlap `skip` is checked by the
 * worker against the stored runs; `queue` behaves like `allow` in queue mode. Misfire catch-up is not done.
 * @example
 * const scheduler = createQueueScheduler({ queue: bullRunQueue.queue, store, catalog });
 * await scheduler.start(); // upserts every enabled schedule flow
 */
export function createQueueScheduler(opts: QueueSchedulerOptions): Scheduler {
  const armed = new Map<string, ScheduleTriggerConfig>();
  const arm = async (flowId: string) => {
    const stored = await opts.store.getFlow(flowId);
    const sched = stored?.enabled ? flowTrigger(stored.flow, opts.catalog)?.schedule : undefined;
    const problem = sched ? checkCron(sched.cron, sched.timezone) : undefined;
    if (!sched || problem) {
      if (problem) opts.onWarn?.(flowId, `schedule not armed: ${problem}`);
      armed.delete(flowId);
      await opts.queue.removeJobScheduler(schedulerId(flowId));
      return;
    }
    await upsertSchedule(opts.queue, flowId, { pattern: sched.cron, tz: sched.timezone });
    armed.set(flowId, sched);
  };
  return {
    async start() {
      const flows = await opts.store.listFlows();
      for (const f of flows) await arm(f.flow.id);
      // Schedulers of flows deleted while no main was running.
      const known = new Set(flows.map((f) => schedulerId(f.flow.id)));
      for (const s of await opts.queue.getJobSchedulers()) {
        if (s.key.startsWith('schedule:') && !known.has(s.key)) await opts.queue.removeJobScheduler(s.key);
      }
    },
    rearm: arm,
    stop() {},
    isArmed: (flowId) => armed.has(flowId),
    nextFireTimes: (sched, count) => nextFireTimes(sched.cron, sched.timezone, count),
    skippedTicks: () => 0,
  };
}

/** Creates or replaces the flow's job scheduler; the same id from several processes stays one scheduler. */
export async function upsertSchedule(
  queue: Queue,
  flowId: string,
  repeat: { pattern: string; tz?: string } | { every: number },
): Promise<void> {
  await queue.upsertJobScheduler(schedulerId(flowId), repeat, { name: SCHEDULE_JOB, data: { flowId } });
}

/** A run id in the UUIDv7 shape derived from the tick's job id: a tick re-delivered after a crash is the same run. */
export function scheduleRunId(jobId: string, tickMs: number): string {
  const b = createHash('sha256').update(jobId).digest().subarray(0, 16);
  b.writeUIntBE(tickMs, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Worker side of a tick: stores the run as `queued` (once per tick) and returns it, or undefined when the tick is
 * skipped (flow gone or disabled, or overlap `skip` while a run of the flow is queued or running).
 */
export async function prepareScheduledRun(
  c: RuntimeContext,
  job: Job,
): Promise<{ runId: string; flowId: string } | undefined> {
  const { flowId } = ScheduleJobSchema.parse(job.data);
  const jobId = job.id ?? `${flowId}:${job.timestamp}`;
  const tickMs = Number(/:(\d+)$/.exec(jobId)?.[1] ?? job.timestamp);
  const runId = scheduleRunId(jobId, tickMs);
  const existing = await c.store.getRun(runId);
  if (existing) return { runId, flowId };
  const stored = await c.store.getFlow(flowId);
  const sched = stored?.enabled ? flowTrigger(stored.flow, c.catalog)?.schedule : undefined;
  if (!stored || !sched) return undefined;
  const scheduledAt = new Date(tickMs).toISOString();
  if (sched.overlap === 'skip') {
    const busy = await c.store.listRuns({ flowId, status: ['queued', 'running'], limit: 1 });
    if (busy.items.length > 0) {
      c.metrics.scheduleTicks.inc({ flow: flowId, outcome: 'skipped' });
      const state = await c.store.getScheduleState(flowId);
      await c.store.saveScheduleState({ ...state, flowId, lastFireAt: scheduledAt });
      return undefined;
    }
  }
  const now = c.clock.nowIso();
  const run: RunRecord = {
    id: runId,
    flowId,
    flowHash: stored.hash,
    flowVersion: stored.version,
    trigger: { kind: 'schedule', data: { scheduledAt, firedAt: now } },
    status: 'queued',
    queuedAt: now,
    steps: [],
  };
  await c.store.saveRun(run);
  await c.store.saveScheduleState({ flowId, lastFireAt: scheduledAt, lastRunId: runId });
  c.metrics.scheduleTicks.inc({ flow: flowId, outcome: 'started' });
  c.bus.publish({ type: 'run.queued', runId, flowId, at: now });
  return { runId, flowId };
}
