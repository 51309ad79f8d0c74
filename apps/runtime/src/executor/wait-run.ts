/** Waiting for a run's final record (`wait`) and resolving waiters from a worker's run.finished (`settle`). */
import type { RunRecord } from '@idflow/engine';
import type { RunState } from './run-state';
import { isFinal } from './run-status';

/** How often `wait()` re-reads a run executed by a worker, in case its run.finished event was missed. */
const REMOTE_POLL_MS = 1_000;

/**
 * The final record, or undefined when the run is still going after `timeoutMs` (then it is durable as at least
 * `queued`, since the caller will hand out its id).
 * @example const final = await waitRun(state, run.id, 30_000);
 */
export async function waitRun(
  state: RunState,
  runId: string,
  timeoutMs: number,
): Promise<RunRecord | undefined> {
  const c = state.ctx();
  const result = new Promise<RunRecord | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    const list = state.waiters.get(runId) ?? [];
    list.push((run) => {
      clearTimeout(timer);
      resolve(run);
    });
    state.waiters.set(runId, list);
  });
  // A run of this process wakes its waiters itself; read the store only for one that is not (or no longer) here.
  if (!state.locals.has(runId)) {
    const now = await c.store.getRun(runId);
    if (now && isFinal(now.status) && !state.activeByFlow.get(now.flowId)?.has(runId)) {
      state.waiters.delete(runId);
      return now;
    }
  }
  if (c.queue.remote) {
    // Queue mode: the bridged run.finished settles waiters; polling the store covers a missed event.
    const poll = setInterval(() => {
      void c.store.getRun(runId).then(
        (r) => {
          if (r && isFinal(r.status)) void settleRun(state, runId, r.flowId);
        },
        () => {},
      );
    }, REMOTE_POLL_MS);
    void result.finally(() => clearInterval(poll));
  }
  const final = await result;
  if (!final) {
    // The caller answers with the run id: it must survive a restart from here on.
    await state.ensureDurable(runId);
  }
  return final;
}

/**
 * Queue mode (main): a worker reported `run.finished`; reads the stored record and resolves this process's waiters
 * and finished listeners.
 * @example bridge.on('run.finished', (e) => settleRun(state, e.runId, e.flowId));
 */
export async function settleRun(state: RunState, runId: string, flowId: string): Promise<void> {
  const c = state.ctx();
  const wanted = () => state.waiters.has(runId) || state.activeByFlow.get(flowId)?.has(runId) === true;
  if (!wanted()) return;
  // Workers store the final record before they publish run.finished; retry briefly in case a read lags.
  for (let attempt = 0; attempt < 10; attempt++) {
    const run = await c.store.getRun(runId);
    if (run && isFinal(run.status)) {
      if (!wanted()) return;
      state.track(run.flowId, runId, false);
      state.notify(run);
      return;
    }
    await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
  }
}
