/** Runs: create (persisted `queued` before anything else), execute through the engine, wait, cancel, recover after a restart. */
import type { RunRecord, StepRecord, TriggerInfo } from '@idflow/engine';
import type { RuntimeContext } from '../context';
import { ApiError } from '../http/errors';
import type { RunJobExtras } from '../queue/run-queue';
import { withinTimeout } from '../within-timeout';
import { createRun } from './create-run';
import { executeRun } from './execute-run';
import { recoverRuns } from './recover-runs';
import { createRunState } from './run-state';
import { isFinal } from './run-status';
import { settleRun, waitRun } from './wait-run';

export interface CreateRunInput {
  flowId: string;
  trigger: TriggerInfo;
  dryRun?: boolean;
  rerunOf?: string;
  /** Run this exact version (default: the current one). */
  flowHash?: string;
  resumeFrom?: { nodeId: string; steps: StepRecord[] };
  /** Pre-assigned id (webhooks claim the idempotency key with it first). */
  runId?: string;
}

export interface CreateRunOptions {
  /**
   * Default true: the `queued` record is durable before create() resolves (a 202 may follow). False when the
   * caller waits for the result and acknowledges nothing before it (onCompletion webhooks): the run is kept in
   * memory until it starts; `wait()` persists it if it answers before the run finished.
   */
  persist?: boolean;
}

export interface RunService {
  create(input: CreateRunInput, opts?: CreateRunOptions): Promise<RunRecord>;
  /**
   * Executes a run and resolves once its final record is durable (queue-mode workers). `extras` come with the job
   * when another process accepted the run.
   */
  execute(runId: string, signal: AbortSignal, extras?: RunJobExtras): Promise<void>;
  /**
   * The in-process queue's worker: resolves when the engine is done with the run, so its concurrency slot is
   * free again; the durable final save and waking waiters go on outside the slot (see `idle`).
   */
  executeInSlot(runId: string, signal: AbortSignal): Promise<void>;
  /** Resolves once every final save started so far is done (shutdown), or false after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<boolean>;
  /**
   * The final record, or undefined when the run is still going after `timeoutMs` (then the run is durable as at
   * least `queued`, since the caller will hand out its id).
   */
  wait(runId: string, timeoutMs: number): Promise<RunRecord | undefined>;
  cancel(runId: string): Promise<RunRecord['status']>;
  /** Ids of runs of this flow that are queued or running in this process. */
  active(flowId: string): string[];
  onFinished(listener: (run: RunRecord) => void): () => void;
  /**
   * Queue mode (main): a worker reported `run.finished`; reads the stored record and resolves this process's
   * waiters (`wait()`, onCompletion webhooks) and finished listeners.
   */
  settle(runId: string, flowId: string): Promise<void>;
  /**
   * Start-up. Single: running → interrupted, queued → enqueued again. Queue mode (main): `running` runs belong to
   * workers (a dead worker's job stalls and is handled there); only `queued` runs without a live job are enqueued.
   */
  recover(): Promise<{ interrupted: number; resumed: number }>;
}

/** The pieces live beside this file (create-run, execute-run, wait-run, recover-runs); they share one RunState. */
export function createRunService(ctx: () => RuntimeContext): RunService {
  const state = createRunState(ctx);
  const { locals, activeByFlow, finishedListeners, tails } = state;

  return {
    create: (input, opts) => createRun(state, input, opts),

    async execute(runId, signal, extras) {
      const ran = await executeRun(state, runId, signal, extras);
      await ran?.finished;
    },

    async executeInSlot(runId, signal) {
      const ran = await executeRun(state, runId, signal);
      if (!ran) return;
      // One reaction that also leaves `tails` (no .catch + .finally chain per run).
      const tail: Promise<void> = ran.finished.then(
        () => {
          tails.delete(tail);
        },
        (err: unknown) => {
          tails.delete(tail);
          ctx().log.error({ err, runId }, 'finishing the run failed');
        },
      );
      tails.add(tail);
    },

    idle(timeoutMs = Number.POSITIVE_INFINITY) {
      const all = (async () => {
        while (tails.size > 0) await Promise.all([...tails]);
        return true;
      })();
      return withinTimeout(all, timeoutMs);
    },

    wait: (runId, timeoutMs) => waitRun(state, runId, timeoutMs),

    async cancel(runId) {
      const c = ctx();
      const local = locals.get(runId);
      const run = local?.run ?? (await c.store.getRun(runId));
      if (!run) throw new ApiError('NOT_FOUND', `Run ${runId} does not exist.`);
      if (isFinal(run.status)) {
        throw new ApiError('CONFLICT', `Run ${runId} already finished (${run.status}); nothing to cancel.`);
      }
      const outcome = c.queue.cancel(runId);
      if (outcome === 'aborted') return 'running';
      if (outcome === 'unknown' && local?.started) {
        throw new ApiError('CONFLICT', `Run ${runId} already finished; nothing to cancel.`);
      }
      await state.failWithoutRunning(run, 'cancelled', {
        code: 'CANCELLED',
        message: 'Cancelled before it started.',
      });
      return 'cancelled';
    },

    active: (flowId) => [...(activeByFlow.get(flowId) ?? [])],

    onFinished(listener) {
      finishedListeners.add(listener);
      return () => finishedListeners.delete(listener);
    },

    settle: (runId, flowId) => settleRun(state, runId, flowId),

    recover: () => recoverRuns(state),
  };
}
