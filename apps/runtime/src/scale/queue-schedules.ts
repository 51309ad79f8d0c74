/**
 * Schedules in queue mode: BullMQ job schedulers (one per flow, id `schedule:<flowId>`) produce one job per tick, so
 * several main processes upserting the same scheduler never fire a tick twice. The worker turns a tick into a run
 * (schedule-ticks.ts); the overlap policy goes through the flow's lane in Redis (schedule-lane.ts).
 */
import type { Queue } from 'bullmq';
import type { RuntimeCatalog } from '../context';
import { flowTrigger, type ScheduleTriggerConfig } from '../flow-triggers';
import { checkCron, nextFireTimes } from '../schedules/cron-times';
import { missedTick, type Scheduler } from '../schedules/scheduler';
import type { Store } from '../store/types';
import { DEFAULT_PREFIX, SCHEDULE_JOB, type ScheduleJob } from './queue-names';
import { createRedisClient } from './redis-connect';
import { createScheduleLane, type ScheduleLane } from './schedule-lane';
import { createMisfireMarks, forgetFlow, type MisfireMarks, pruneFlows } from './schedule-marks';
import { clearLine } from './schedule-ticks';

export const schedulerId = (flowId: string) => `schedule:${flowId}`;

export interface QueueSchedulerOptions {
  queue: Queue;
  /** The queue's Redis: the schedule lanes (held-tick cleanup, skipped counts, misfire decisions) live there. */
  redisUrl: string;
  store: Store;
  catalog: RuntimeCatalog;
  onWarn?: (flowId: string, message: string) => void;
  onInfo?: (flowId: string, message: string) => void;
}

/** Catch-up jobs are kept a day, so a second main adding the same one adds nothing. */
const MISFIRE_KEEP_S = 86_400;
/** How often skippedTicks() is refreshed from Redis (the lane counts skips from every worker). */
const SKIPPED_REFRESH_MS = 5_000;

/**
 * The runtime's Scheduler interface on BullMQ job schedulers (drop-in for createScheduler in the main role).
 * stop() leaves the schedulers in Redis: other main processes still serve them. At start, a flow with misfire
 * `runOnce` whose tick fell while nothing ran gets one catch-up job (decided once across mains: claimMisfire).
 * @example
 * const scheduler = createQueueScheduler({ queue: bullRunQueue.queue, redisUrl, store, catalog });
 * await scheduler.start(); // upserts every enabled schedule flow
 */
export function createQueueScheduler(opts: QueueSchedulerOptions): Scheduler {
  const armed = new Map<string, ScheduleTriggerConfig>();
  const skipped = new Map<string, number>();
  let redis: ReturnType<typeof createRedisClient> | undefined;
  let lane: ScheduleLane | undefined;
  let marks: MisfireMarks | undefined;
  let timer: NodeJS.Timeout | undefined;
  const prefix = opts.queue.opts.prefix ?? DEFAULT_PREFIX;
  const redisOf = () => {
    redis ??= createRedisClient(opts.redisUrl, 'idflow-schedules');
    return redis;
  };
  const laneOf = async () => {
    lane ??= createScheduleLane(redisOf(), prefix);
    return lane;
  };
  const clear = async (flowId: string) =>
    clearLine(
      { store: opts.store, clock: { nowIso: () => new Date().toISOString() } },
      await laneOf(),
      flowId,
    );
  const refreshSkipped = async () => {
    const l = await laneOf();
    for (const flowId of armed.keys()) skipped.set(flowId, await l.skipped(flowId));
  };
  /**
   * `armedAt`: just before the flow's job scheduler was upserted. BullMQ fires no tick up to then any more (the
   * upsert replaced a pending one), so the catch-up covers those; a tick already taken by a worker refuses it.
   */
  const catchUp = async (flowId: string, sched: ScheduleTriggerConfig, armedAt: number) => {
    const state = await opts.store.getScheduleState(flowId);
    const now = Date.now();
    const missed = missedTick(sched, state?.lastFireAt, now);
    marks ??= createMisfireMarks(redisOf(), prefix);
    const cover = Math.min(now - 1000, armedAt);
    if (!missed || !(await marks.claimCatchUp(flowId, missed.getTime(), cover))) return;
    opts.onInfo?.(flowId, `schedule misfire: running once to catch up (${missed.toISOString()})`);
    const data: ScheduleJob = { flowId, tickMs: missed.getTime(), misfire: true };
    await opts.queue.add(SCHEDULE_JOB, data, {
      jobId: `misfire-${flowId}-${missed.getTime()}`,
      removeOnComplete: { age: MISFIRE_KEEP_S },
      removeOnFail: { age: 7 * MISFIRE_KEEP_S },
    });
  };
  const arm = async (flowId: string) => {
    const stored = await opts.store.getFlow(flowId);
    const sched = stored?.enabled ? flowTrigger(stored.flow, opts.catalog)?.schedule : undefined;
    const problem = sched ? checkCron(sched.cron, sched.timezone) : undefined;
    if (!sched || problem) {
      if (problem) opts.onWarn?.(flowId, `schedule not armed: ${problem}`);
      armed.delete(flowId);
      skipped.delete(flowId);
      await opts.queue.removeJobScheduler(schedulerId(flowId));
      await clear(flowId);
      await forgetFlow(redisOf(), prefix, flowId);
      return undefined;
    }
    const armedAt = Date.now();
    await upsertSchedule(opts.queue, flowId, { pattern: sched.cron, tz: sched.timezone });
    // Held ticks are dropped when the flow stops queueing, as single mode does.
    if (sched.overlap !== 'queue') await clear(flowId);
    armed.set(flowId, sched);
    return { sched, armedAt };
  };
  return {
    async start() {
      const flows = await opts.store.listFlows();
      for (const f of flows) {
        const a = await arm(f.flow.id);
        if (a?.sched.misfire === 'runOnce') await catchUp(f.flow.id, a.sched, a.armedAt);
      }
      // Schedulers and per-flow entries of flows deleted while no main was running.
      const known = new Set(flows.map((f) => schedulerId(f.flow.id)));
      for (const s of await opts.queue.getJobSchedulers()) {
        if (s.key.startsWith('schedule:') && !known.has(s.key)) await opts.queue.removeJobScheduler(s.key);
      }
      await pruneFlows(redisOf(), prefix, new Set(flows.filter((f) => f.enabled).map((f) => f.flow.id)));
      await refreshSkipped();
      timer = setInterval(() => void refreshSkipped().catch(() => undefined), SKIPPED_REFRESH_MS);
      timer.unref();
    },
    async rearm(flowId) {
      await arm(flowId);
    },
    stop() {
      clearInterval(timer);
      redis?.disconnect();
      redis = undefined;
      lane = undefined;
      marks = undefined;
    },
    isArmed: (flowId) => armed.has(flowId),
    nextFireTimes: (sched, count) => nextFireTimes(sched.cron, sched.timezone, count),
    skippedTicks: (flowId) => skipped.get(flowId) ?? 0,
  };
}

/**
 * Finished tick jobs kept: a per-minute cron would otherwise leave ~525k job hashes per flow a year. Nothing reads
 * old tick jobs (a tick's run id comes from its job id, and BullMQ never re-adds a past tick's id).
 */
export const TICK_KEEP = { age: 86_400, count: 1000 } as const;

/**
 * Creates or replaces the flow's job scheduler; the same id from several processes stays one scheduler.
 * `keep` overrides TICK_KEEP's bounds (tests).
 */
export async function upsertSchedule(
  queue: Queue,
  flowId: string,
  repeat: { pattern: string; tz?: string } | { every: number },
  keep: { age?: number; count?: number } = {},
): Promise<void> {
  await queue.upsertJobScheduler(schedulerId(flowId), repeat, {
    name: SCHEDULE_JOB,
    data: { flowId },
    opts: {
      removeOnComplete: { ...TICK_KEEP, ...keep },
      removeOnFail: { age: 7 * TICK_KEEP.age },
    },
  });
}
