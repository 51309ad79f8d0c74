/** The execute path: load the run's flow version, write `running` when it matters, run it through the engine. */
import { type Flow, type RunRecord, runFlow, type TriggerInfo } from '@idflow/engine';
import type { RunJobExtras } from '../queue/run-queue';
import { createCompiledFlows } from './compiled-flows';
import { loadFlowForRun } from './flow-loader';
import { mayActOutside } from './outside-effects';
import { runLogger } from './run-finish';
import { observeRecord } from './run-metrics';
import type { RunState } from './run-state';

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
  let runningTimer: NodeJS.Timeout | undefined;
  const listening = c.bus.hasListeners();
  try {
    state.compiledFlows ??= createCompiledFlows(c.catalog);
    const compiled = state.compiledFlows.get(queued.flowId, queued.flowHash, flow);
    // `running` is appended in order before the final record. A flow that may act outside waits until it is
    // durable (a crash then finds it running → interrupted, never repeated). Any other run goes on at once and
    // writes `running` only if it is still going after RUNNING_RECORD_AFTER_MS (the history shows long runs);
    // a crash then leaves it queued (→ resumed: repeating it changes nothing outside) or absent (onCompletion:
    // its caller got no answer). See outside-effects.ts.
    const saveRunning = () => {
      const saved = c.store.saveRun({
        ...(local ? state.storable(local) : queued),
        status: 'running',
        startedAt,
      });
      if (local) local.saved = saved;
      return saved;
    };
    if (mayActOutside(compiled, c.catalog)) await saveRunning();
    else {
      runningTimer = setTimeout(() => {
        saveRunning().catch((err: unknown) =>
          c.log.error({ err, runId }, 'saving the running record failed (the final save retries)'),
        );
      }, RUNNING_RECORD_AFTER_MS);
    }
    record = await runFlow(compiled, {
      catalog: c.catalog,
      trigger,
      runId,
      signal,
      clock: c.clock,
      fetch: c.fetch,
      log: runLogger(c.log, runId, queued.flowId),
      connections: c.connections,
      resolveFlow: async (id) => {
        const s = await c.store.getFlow(id);
        if (!s) throw new Error(`Helper flow ${id} does not exist.`);
        return s.flow;
      },
      // Nobody listening when the run starts: the engine builds no events at all, and metrics are read from the
      // records (durations, statuses and node types carry no secrets).
      onEvent: listening ? state.publish : undefined,
      onChildRun: (child) => {
        if (!listening) observeRecord(c.metrics, child);
        const { value, json } = c.secrets.redactToJson(child);
        return c.store.saveRun(value, json);
      },
      dryRun: queued.dryRun === true,
      resumeFrom,
      secrets: () => [...c.secrets.values()],
      flowVersion: queued.flowVersion,
      rerunOf: queued.rerunOf,
      queuedAt: queued.queuedAt,
    });
  } catch (err) {
    clearTimeout(runningTimer);
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
  clearTimeout(runningTimer);
  if (!listening) observeRecord(c.metrics, record);
  return { finished: state.finish(record) };
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
