/** The run service's shared state: this process's unfinished runs, who waits for them, and how a run ends. */
import type { RunErrorInfo, RunEvent, RunRecord, TriggerInfo } from '@idflow/engine';
import type { RuntimeContext } from '../context';
import type { createCompiledFlows } from './compiled-flows';
import type { EngineHooks } from './execute-run';
import { saveFinalRecord } from './run-finish';
import { observeRunEvent } from './run-metrics';
import type { CreateRunInput } from './run-service';

/** A run of this process that has not finished yet: its queued record, the real trigger, its latest save. */
export interface LocalRun {
  /** The queued record; its trigger is redacted once a save needs it (`redactedTrigger`). */
  run: RunRecord;
  trigger: TriggerInfo;
  redacted: boolean;
  resumeFrom?: CreateRunInput['resumeFrom'];
  /** The latest save of this run (queued or running); undefined while it lives only in memory. */
  saved?: Promise<void>;
  started?: boolean;
}

export interface RunState {
  ctx: () => RuntimeContext;
  /** In-process runs from create() until their final record is saved: nothing is read back from the store. */
  locals: Map<string, LocalRun>;
  activeByFlow: Map<string, Set<string>>;
  waiters: Map<string, Array<(run: RunRecord) => void>>;
  finishedListeners: Set<(run: RunRecord) => void>;
  /** Final saves in progress (they run outside the concurrency slot; shutdown waits for them). */
  tails: Set<Promise<void>>;
  /** Built on first use (the catalog is ready by then). */
  compiledFlows?: ReturnType<typeof createCompiledFlows>;
  /** The engine callbacks shared by every run (built on first use). */
  engineHooks?: EngineHooks;
  track(flowId: string, runId: string, on: boolean): void;
  /** Events are redacted and published only when someone listens (SSE, the Redis bridge); metrics read raw fields. */
  publish(event: RunEvent): void;
  /** Wakes the run's waiters and the finished listeners with its final record. */
  notify(run: RunRecord): void;
  /** Saves the final record durably, then wakes whoever waits for it. */
  finish(run: RunRecord): Promise<void>;
  /** Ends a run that never ran (cancelled while queued, flow gone, queue full). */
  failWithoutRunning(run: RunRecord, status: RunRecord['status'], error: RunErrorInfo): Promise<RunRecord>;
  /** The local run's queued record with its trigger redacted (once), fit to be saved. */
  storable(local: LocalRun): RunRecord;
  /** Makes sure a run whose id is about to be handed out is on disk (at least as `queued`). */
  ensureDurable(runId: string): Promise<void>;
}

export function createRunState(ctx: () => RuntimeContext): RunState {
  const state: RunState = {
    ctx,
    locals: new Map(),
    activeByFlow: new Map(),
    waiters: new Map(),
    finishedListeners: new Set(),
    tails: new Set(),

    track(flowId, runId, on) {
      let set = state.activeByFlow.get(flowId);
      if (on) {
        if (!set) {
          set = new Set();
          state.activeByFlow.set(flowId, set);
        }
        set.add(runId);
      } else if (set) {
        set.delete(runId);
        if (set.size === 0) state.activeByFlow.delete(flowId);
      }
    },

    publish(event) {
      const c = ctx();
      if (!c.bus.hasListeners()) {
        observeRunEvent(c.metrics, event);
        return;
      }
      const safe = c.secrets.redact(event);
      observeRunEvent(c.metrics, safe);
      c.bus.publish(safe);
    },

    notify(run) {
      for (const w of state.waiters.get(run.id) ?? []) w(run);
      state.waiters.delete(run.id);
      for (const l of state.finishedListeners) l(run);
    },

    async finish(run) {
      const c = ctx();
      const safe = await saveFinalRecord(c, run);
      state.track(run.flowId, run.id, false);
      state.locals.delete(run.id);
      state.notify(safe);
      const fields = { runId: run.id, flowId: run.flowId, status: run.status, durationMs: run.durationMs };
      if (run.status === 'succeeded') c.log.debug(fields, 'run finished');
      else if (run.status === 'failed') c.log.warn({ ...fields, error: safe.error }, 'run failed');
      else c.log.info(fields, 'run finished');
    },

    async failWithoutRunning(run, status, error) {
      const at = ctx().clock.nowIso();
      const final: RunRecord = { ...run, status, finishedAt: at, error };
      const durationMs = 0;
      state.publish({
        type: 'run.finished',
        runId: run.id,
        flowId: run.flowId,
        at,
        status,
        durationMs,
        error,
      });
      await state.finish(final);
      return final;
    },

    storable(local) {
      if (!local.redacted) {
        local.run = { ...local.run, trigger: ctx().secrets.redact(local.run.trigger) };
        local.redacted = true;
      }
      return local.run;
    },

    async ensureDurable(runId) {
      const local = state.locals.get(runId);
      if (!local) return;
      local.saved ??= ctx().store.saveRun(state.storable(local));
      await local.saved;
    },
  };
  return state;
}
