/**
 * Arms node-cron tasks for enabled schedule flows; applies the overlap policy (skip: count the tick in memory and
 * in idflow_schedule_ticks_total{outcome="skipped"}, no run record; queue: hold ticks until the previous run ends;
 * allow) and, at boot, the misfire policy (runOnce: one catch-up run if a tick fell while the runtime was down).
 */
import { createTask, type ScheduledTask } from 'node-cron';
import type { RuntimeContext } from '../context';
import { flowTrigger, type ScheduleTriggerConfig } from '../flow-triggers';
import { checkCron, firstTickBetween, nextFireTimes } from './cron-times';

export interface Scheduler {
  /** Boot: arm every enabled schedule flow and apply misfire policies. */
  start(): Promise<void>;
  /** After a flow changed (saved, enabled, disabled, deleted). */
  rearm(flowId: string): Promise<void>;
  stop(): void;
  isArmed(flowId: string): boolean;
  nextFireTimes(sched: ScheduleTriggerConfig, count: number): Date[];
  skippedTicks(flowId: string): number;
}

/** Held `queue` ticks per flow beyond this are dropped as skipped (queue mode uses the same bound). */
export const MAX_PENDING = 100;

/**
 * Misfire: the first tick after the last fire and more than a second before now (a tick that fell while nothing
 * fired it), or undefined; none when the flow never fired.
 * @example missedTick(sched, state?.lastFireAt, Date.now())
 */
export function missedTick(
  sched: Pick<ScheduleTriggerConfig, 'cron' | 'timezone'>,
  lastFireAt: string | undefined,
  nowMs: number,
): Date | undefined {
  const last = lastFireAt ? Date.parse(lastFireAt) : Number.NaN;
  return Number.isNaN(last) ? undefined : firstTickBetween(sched.cron, sched.timezone, last, nowMs - 1000);
}

export function createScheduler(ctx: () => RuntimeContext): Scheduler {
  const tasks = new Map<string, { task: ScheduledTask; sched: ScheduleTriggerConfig }>();
  const lastRun = new Map<string, string>();
  const pending = new Map<string, Date[]>();
  const skipped = new Map<string, number>();
  let stopped = false;
  let offFinished: (() => void) | undefined;

  const isBusy = (flowId: string) => {
    const id = lastRun.get(flowId);
    return id !== undefined && ctx().runs.active(flowId).includes(id);
  };

  const fire = async (flowId: string, scheduledAt: Date, extra: Record<string, unknown> = {}) => {
    const c = ctx();
    try {
      const run = await c.runs.create({
        flowId,
        trigger: {
          kind: 'schedule',
          data: { scheduledAt: scheduledAt.toISOString(), firedAt: c.clock.nowIso(), ...extra },
        },
      });
      lastRun.set(flowId, run.id);
      await c.store.saveScheduleState({ flowId, lastFireAt: scheduledAt.toISOString(), lastRunId: run.id });
      c.metrics.scheduleTicks.inc({ flow: flowId, outcome: extra.misfire ? 'misfire' : 'started' });
    } catch (err) {
      c.metrics.scheduleTicks.inc({ flow: flowId, outcome: 'rejected' });
      c.log.error({ err, flowId }, 'scheduled run could not start');
    }
  };

  const tick = async (flowId: string, sched: ScheduleTriggerConfig, at: Date) => {
    const c = ctx();
    if (stopped || c.lifecycle.shuttingDown) return;
    if (sched.overlap !== 'allow' && isBusy(flowId)) {
      if (sched.overlap === 'queue' && (pending.get(flowId)?.length ?? 0) < MAX_PENDING) {
        pending.set(flowId, [...(pending.get(flowId) ?? []), at]);
        c.metrics.scheduleTicks.inc({ flow: flowId, outcome: 'queued' });
        return;
      }
      skipped.set(flowId, (skipped.get(flowId) ?? 0) + 1);
      c.metrics.scheduleTicks.inc({ flow: flowId, outcome: 'skipped' });
      c.log.info(
        { flowId, scheduledAt: at.toISOString() },
        'schedule tick skipped: the previous run is still going',
      );
      const state = await c.store.getScheduleState(flowId);
      await c.store.saveScheduleState({ ...state, flowId, lastFireAt: at.toISOString() });
      return;
    }
    await fire(flowId, at);
  };

  const disarm = (flowId: string) => {
    const t = tasks.get(flowId);
    if (!t) return;
    void t.task.destroy();
    tasks.delete(flowId);
    pending.delete(flowId);
  };

  const arm = async (flowId: string, boot: boolean) => {
    disarm(flowId);
    const c = ctx();
    const stored = await c.store.getFlow(flowId);
    const sched = stored?.enabled ? flowTrigger(stored.flow, c.catalog)?.schedule : undefined;
    if (!sched || stopped) return;
    const problem = checkCron(sched.cron, sched.timezone);
    if (problem) {
      c.log.warn({ flowId }, `schedule not armed: ${problem}`);
      return;
    }
    const nodeCronLog = {
      info: (m: string) => c.log.debug({ flowId }, m),
      warn: (m: string) => c.log.warn({ flowId }, m),
      error: (m: string | Error) => c.log.error({ flowId, err: m }, 'node-cron error'),
      debug: (m: string | Error) => c.log.debug({ flowId }, String(m)),
    };
    const task = createTask(sched.cron, (tc) => tick(flowId, sched, tc.date), {
      timezone: sched.timezone,
      name: `idflow:${flowId}`,
      logger: nodeCronLog,
    });
    tasks.set(flowId, { task, sched });
    await task.start();
    if (boot && sched.misfire === 'runOnce') {
      const state = await c.store.getScheduleState(flowId);
      const missed = missedTick(sched, state?.lastFireAt, c.clock.now());
      if (missed) {
        c.log.info({ flowId, missed: missed.toISOString() }, 'schedule misfire: running once to catch up');
        await fire(flowId, missed, { misfire: true });
      }
    }
  };

  return {
    async start() {
      stopped = false;
      offFinished = ctx().runs.onFinished((run) => {
        const held = pending.get(run.flowId);
        if (run.id !== lastRun.get(run.flowId) || !held?.length) return;
        const next = held.shift()!;
        void fire(run.flowId, next);
      });
      for (const s of await ctx().store.listFlows()) await arm(s.flow.id, true);
    },
    rearm: (flowId) => arm(flowId, false),
    stop() {
      stopped = true;
      offFinished?.();
      for (const id of [...tasks.keys()]) disarm(id);
    },
    isArmed: (flowId) => tasks.has(flowId),
    nextFireTimes: (sched, count) => nextFireTimes(sched.cron, sched.timezone, count),
    skippedTicks: (flowId) => skipped.get(flowId) ?? 0,
  };
}
