/** Creating a run: its `queued` record (durable first unless the caller waits), a backlog slot, the job. */
import type { RunRecord } from '@idflow/engine';
import { ApiError } from '../http/errors';
import { newRunId } from '../ids';
import { QueueFullError, type RunJobExtras } from '../queue/run-queue';
import type { CreateRunInput, CreateRunOptions } from './run-service';
import type { LocalRun, RunState } from './run-state';

/**
 * Creates and enqueues a run; throws 404 for an unknown flow and QueueFullError (429) with nothing saved.
 * @example const run = await createRun(state, { flowId: 'f', trigger: { kind: 'manual', data: {} } });
 */
export async function createRun(
  state: RunState,
  input: CreateRunInput,
  opts?: CreateRunOptions,
): Promise<RunRecord> {
  const c = state.ctx();
  const persist = opts?.persist ?? true;
  const stored = await c.store.getFlow(input.flowId);
  if (!stored) throw new ApiError('NOT_FOUND', `Flow ${input.flowId} does not exist.`);
  const now = c.clock.nowIso();
  const run: RunRecord = {
    id: input.runId ?? newRunId(c.clock.now()),
    flowId: input.flowId,
    flowHash: input.flowHash ?? stored.hash,
    flowVersion: input.flowHash && input.flowHash !== stored.hash ? undefined : stored.version,
    // Redacted now when it is saved now; a run kept in memory is redacted when (if) a save needs it.
    trigger: persist || c.queue.remote ? c.secrets.redact(input.trigger) : input.trigger,
    status: 'queued',
    queuedAt: now,
    steps: [],
    ...(input.dryRun ? { dryRun: true } : {}),
    ...(input.rerunOf ? { rerunOf: input.rerunOf } : {}),
  };
  // A backlog slot is held before anything is written: a full queue answers 429 with nothing saved.
  const reserve = c.queue.reserve;
  let release: (() => void) | undefined;
  if (reserve) release = reserve.call(c.queue);
  else if (c.queue.depth() >= c.config.maxQueueDepth) {
    const retry = Math.max(1, Math.ceil(c.queue.depth() / c.config.maxConcurrentRuns));
    throw new QueueFullError(c.queue.depth(), retry);
  }
  try {
    // The stored record never holds secrets; the run itself gets the unredacted trigger. In one process it waits
    // in memory; in queue mode it travels with the job, encrypted, and only when redaction changed something.
    const extras: RunJobExtras = {};
    if (c.queue.remote) {
      if (run.trigger !== input.trigger && JSON.stringify(run.trigger) !== JSON.stringify(input.trigger))
        extras.sealedTrigger = c.cipher.encrypt(JSON.stringify(input.trigger));
      if (input.resumeFrom) extras.resumeFrom = input.resumeFrom;
      await c.store.saveRun(run);
    } else {
      const local: LocalRun = {
        run,
        trigger: input.trigger,
        redacted: persist,
        resumeFrom: input.resumeFrom,
      };
      state.locals.set(run.id, local);
      if (persist) {
        local.saved = c.store.saveRun(run);
        try {
          await local.saved;
        } catch (err) {
          state.locals.delete(run.id);
          throw err;
        }
      }
    }
    state.track(run.flowId, run.id, true);
    if (c.bus.hasListeners())
      c.bus.publish({ type: 'run.queued', runId: run.id, flowId: run.flowId, at: now });
    try {
      c.queue.enqueue(run.id, run.flowId, extras, { reserved: release !== undefined });
    } catch (err) {
      if (err instanceof QueueFullError) {
        await state.failWithoutRunning(run, 'cancelled', { code: 'RATE_LIMITED', message: err.message });
      }
      throw err;
    }
  } finally {
    release?.();
  }
  return run;
}
