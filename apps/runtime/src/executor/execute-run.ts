/** The execute path: load the run's flow version, write `running` when it matters, run it through the engine. */
import { type Flow, type RunOptions, type RunRecord, runFlow, type TriggerInfo } from '@idflow/engine';
import type { RunJobExtras } from '../queue/run-queue';
import { createCompiledFlows } from './compiled-flows';
import { loadFlowForRun } from './flow-loader';
import { mayActOutside } from './outside-effects';
import { RunLogger } from './run-finish';
import { observeRecord } from './run-metrics';
import type { LocalRun, RunState } from './run-state';

/** A run whose flow cannot act outside writes its `running` record only when it is still going after this long. */
const RUNNING_RECORD_AFTER_MS = 200;

/**
 * Runs the flow; resolves when the engine is done, with the pending final save (undefined: nothing ran, as the run
 * is no longer queued).
 * @example const ran = await executeRun(state, runId, signal); await ran?.finished;
 */
export async function executeRun(
  state: RunState,
  runId: string,
  signal: AbortSignal,
  extras?: RunJobExtras,
): Promise<{ finished: Promise<void> } | undefined> {
  const c = state.ctx();
  const local = state.locals.get(runId);
  // A local run's trigger may not be redacted yet: every save below goes through storable() or finish().
  const queued = local ? local.run : await c.store.getRun(runId);
  if (queued?.status !== 'queued') return undefined;
  if (local) local.started = true;
  state.track(queued.flowId, runId, true);
  let flow: Flow;
  try {
    flow = await loadFlowForRun(c.store, queued.flowId, queued.flowHash);
  } catch (err) {
    const finished = state
      .failWithoutRunning(queued, 'failed', {
        code: 'FLOW_NOT_FOUND',
        message: (err as Error).message,
      })
      .then(() => undefined);
    return { finished };
  }
  const trigger = local?.trigger ?? unseal(state, extras?.sealedTrigger) ?? queued.trigger;
  const resumeFrom = local?.resumeFrom ?? extras?.resumeFrom;
  const startedAt = c.clock.nowIso();
  let record: RunRecord;
  let late: LateRunning | undefined;
  const listening = c.bus.hasListeners();
  try {
    state.compiledFlows ??= createCompiledFlows(c.catalog);
    const compiled = state.compiledFlows.get(queued.flowId, queued.flowHash, flow);
    // `running` is appended in order before the final record. A flow that may act outside waits until it is
    // durable (a crash then finds it running → interrupted, never repeated). Any other run goes on at once and
    // writes `running` only if it is still going after RUNNING_RECORD_AFTER_MS (the history shows long runs);
    // a crash then leaves it queued (→ resumed: repeating it changes nothing outside) or absent (onCompletion:
    // its caller got no answer). See outside-effects.ts.
    if (mayActOutside(compiled, c.catalog)) await saveRunning(state, local, queued, startedAt);
    else late = watchRunning(state, local, queued, startedAt);
    state.engineHooks ??= engineHooks(state);
    const hooks = state.engineHooks;
    record = await runFlow(compiled, {
      catalog: c.catalog,
      trigger,
      runId,
      signal,
      clock: c.clock,
      fetch: c.fetch,
      log: new RunLogger(c.log, runId, queued.flowId),
      connections: c.connections,
      resolveFlow: hooks.resolveFlow,
      // Nobody listening when the run starts: the engine builds no events at all, and metrics are read from the
      // records (durations, statuses and node types carry no secrets).
      onEvent: listening ? state.publish : undefined,
      onChildRun: listening ? hooks.saveChild : hooks.observeAndSaveChild,
      dryRun: queued.dryRun === true,
      resumeFrom,
      secrets: hooks.secrets,
      flowVersion: queued.flowVersion,
      rerunOf: queued.rerunOf,
      queuedAt: queued.queuedAt,
    });
  } catch (err) {
    if (late) late.ended = true;
    c.log.error({ err, runId, flowId: queued.flowId }, 'run could not execute');
    const message = err instanceof Error ? err.message : String(err);
    const finished = state
      .failWithoutRunning({ ...queued, startedAt }, 'failed', {
        code: 'INTERNAL',
        message,
      })
      .then(() => undefined);
    return { finished };
  }
  if (late) late.ended = true;
  if (!listening) observeRecord(c.metrics, record);
  return { finished: state.finish(record) };
}

/** Saves the `running` record (in order, before the final one); a local run's latest save is this one then. */
function saveRunning(state: RunState, local: LocalRun | undefined, queued: RunRecord, startedAt: string) {
  const saved = state.ctx().store.saveRun({
    ...(local ? state.storable(local) : queued),
    status: 'running',
    startedAt,
  });
  if (local) local.saved = saved;
  return saved;
}

/** A run whose `running` record is written only if it is still going at `due` (performance.now() ms). */
interface LateRunning {
  state: RunState;
  local: LocalRun | undefined;
  queued: RunRecord;
  startedAt: string;
  due: number;
  /** The run ended first: nothing to write. */
  ended: boolean;
}

/**
 * Runs waiting for their late `running` record, in due order (one delay for all), behind one shared timer: a run
 * costs an array slot and a flag, not a timer of its own set and cleared within milliseconds. Ended runs are
 * dropped when the timer comes by (at most every RUNNING_RECORD_AFTER_MS while runs come in).
 */
let lateRunning: LateRunning[] = [];
let lateHead = 0;
/** Whether the shared timer is set. */
let lateArmed = false;

function watchRunning(state: RunState, local: LocalRun | undefined, queued: RunRecord, startedAt: string) {
  const entry: LateRunning = {
    state,
    local,
    queued,
    startedAt,
    due: performance.now() + RUNNING_RECORD_AFTER_MS,
    ended: false,
  };
  lateRunning.push(entry);
  // Unref'd: a run still going keeps the process alive by itself; this timer alone must not.
  if (!lateArmed) {
    lateArmed = true;
    setTimeout(saveLateRunning, RUNNING_RECORD_AFTER_MS).unref();
  }
  return entry;
}

function saveLateRunning(): void {
  lateArmed = false;
  const now = performance.now();
  while (lateHead < lateRunning.length) {
    const e = lateRunning[lateHead]!;
    if (!e.ended && e.due > now) {
      lateArmed = true;
      setTimeout(saveLateRunning, Math.max(1, Math.ceil(e.due - now))).unref();
      break;
    }
    lateHead++;
    if (e.ended) continue;
    e.ended = true;
    saveRunning(e.state, e.local, e.queued, e.startedAt).catch((err: unknown) =>
      e.state
        .ctx()
        .log.error({ err, runId: e.queued.id }, 'saving the running record failed (the final save retries)'),
    );
  }
  if (lateHead === lateRunning.length) {
    lateRunning = [];
    lateHead = 0;
  } else if (lateHead > 1024) {
    lateRunning = lateRunning.slice(lateHead);
    lateHead = 0;
  }
}

export interface EngineHooks {
  resolveFlow: NonNullable<RunOptions['resolveFlow']>;
  saveChild: NonNullable<RunOptions['onChildRun']>;
  observeAndSaveChild: NonNullable<RunOptions['onChildRun']>;
  secrets: NonNullable<RunOptions['secrets']>;
}

/** The engine callbacks that depend only on the context: built once, not per run. */
function engineHooks(state: RunState): EngineHooks {
  const saveChild = (child: RunRecord) => {
    const c = state.ctx();
    const { value, json } = c.secrets.redactToJson(child);
    return c.store.saveRun(value, json);
  };
  return {
    async resolveFlow(id) {
      const s = await state.ctx().store.getFlow(id);
      if (!s) throw new Error(`Helper flow ${id} does not exist.`);
      return s.flow;
    },
    saveChild,
    observeAndSaveChild(child) {
      observeRecord(state.ctx().metrics, child);
      return saveChild(child);
    },
    // The engine only reads (filters) the list; the registry replaces it on change, never mutates it.
    secrets: () => state.ctx().secrets.values() as string[],
  };
}

/** The job's encrypted trigger (queue mode), or undefined when there is none or it cannot be decrypted. */
function unseal(state: RunState, sealed: string | undefined): TriggerInfo | undefined {
  if (!sealed) return undefined;
  try {
    return JSON.parse(state.ctx().cipher.decrypt(sealed)) as TriggerInfo;
  } catch (err) {
    state
      .ctx()
      .log.warn(
        { err },
        'the job trigger could not be decrypted (is IDFLOW_SECRET_KEY the same everywhere?)',
      );
    return undefined;
  }
}
