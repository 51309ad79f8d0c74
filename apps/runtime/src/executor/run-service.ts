/** Runs: create (persisted `queued` before anything else), execute through the engine, wait, cancel, recover after a restart. */
import {
  type Flow,
  type RunErrorInfo,
  type RunEvent,
  type RunRecord,
  runFlow,
  type StepRecord,
  type TriggerInfo,
} from '@idflow/engine';
import type { RuntimeContext } from '../context';
import type { BusEvent } from '../events-bus';
import { ApiError } from '../http/errors';
import { newRunId } from '../ids';
import type { Metrics } from '../metrics';
import { QueueFullError, type RunJobExtras } from '../queue/run-queue';
import { createCompiledFlows } from './compiled-flows';
import { loadFlowForRun } from './flow-loader';

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

export interface RunService {
  create(input: CreateRunInput): Promise<RunRecord>;
  /** The queue's worker. `extras` come with the job when another process accepted the run (queue mode). */
  execute(runId: string, signal: AbortSignal, extras?: RunJobExtras): Promise<void>;
  /** The final record, or undefined when the run is still going after `timeoutMs`. */
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

const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

/** Step and run metrics from one (redacted) run event; the main also feeds events bridged from workers here. */
export function observeRunEvent(metrics: Metrics, event: BusEvent): void {
  if (event.type === 'step.finished') {
    const s = event.step;
    if (s.durationMs !== undefined)
      metrics.stepDuration.observe({ type: s.type, status: s.status }, s.durationMs / 1000);
  }
  if (event.type === 'run.finished' && !event.parentRunId) {
    metrics.runs.inc({ flow: event.flowId, status: event.status });
    metrics.runDuration.observe({ flow: event.flowId, status: event.status }, event.durationMs / 1000);
  }
}

export function createRunService(ctx: () => RuntimeContext): RunService {
  const resumeInfo = new Map<string, CreateRunInput['resumeFrom']>();
  const activeByFlow = new Map<string, Set<string>>();
  const waiters = new Map<string, Array<(run: RunRecord) => void>>();
  const finishedListeners = new Set<(run: RunRecord) => void>();
  let compiledFlows: ReturnType<typeof createCompiledFlows> | undefined;

  const track = (flowId: string, runId: string, on: boolean) => {
    const set = activeByFlow.get(flowId) ?? new Set<string>();
    activeByFlow.set(flowId, set);
    if (on) set.add(runId);
    else set.delete(runId);
  };

  const publish = (event: RunEvent) => {
    const c = ctx();
    const safe = c.secrets.redact(event);
    observeRunEvent(c.metrics, safe);
    c.bus.publish(safe);
  };

  const finish = async (run: RunRecord) => {
    const c = ctx();
    const safe = c.secrets.redact(run);
    await c.store.saveRun(safe);
    track(run.flowId, run.id, false);
    resumeInfo.delete(run.id);
    for (const w of waiters.get(run.id) ?? []) w(safe);
    waiters.delete(run.id);
    for (const l of finishedListeners) l(safe);
    c.log.info(
      { runId: run.id, flowId: run.flowId, status: run.status, durationMs: run.durationMs },
      'run finished',
    );
  };

  const failWithoutRunning = async (run: RunRecord, status: RunRecord['status'], error: RunErrorInfo) => {
    const at = ctx().clock.nowIso();
    const final: RunRecord = { ...run, status, finishedAt: at, error };
    const durationMs = 0;
    publish({ type: 'run.finished', runId: run.id, flowId: run.flowId, at, status, durationMs, error });
    await finish(final);
    return final;
  };

  const service: RunService = {
    async create(input) {
      const c = ctx();
      const stored = await c.store.getFlow(input.flowId);
      if (!stored) throw new ApiError('NOT_FOUND', `Flow ${input.flowId} does not exist.`);
      const now = c.clock.nowIso();
      const run: RunRecord = {
        id: input.runId ?? newRunId(c.clock.now()),
        flowId: input.flowId,
        flowHash: input.flowHash ?? stored.hash,
        flowVersion: input.flowHash && input.flowHash !== stored.hash ? undefined : stored.version,
        trigger: c.secrets.redact(input.trigger),
        status: 'queued',
        queuedAt: now,
        steps: [],
        ...(input.dryRun ? { dryRun: true } : {}),
        ...(input.rerunOf ? { rerunOf: input.rerunOf } : {}),
      };
      if (c.queue.depth() >= c.config.maxQueueDepth) {
        const retry = Math.max(1, Math.ceil(c.queue.depth() / c.config.maxConcurrentRuns));
        throw new QueueFullError(c.queue.depth(), retry);
      }
      // The stored record never holds secrets; the run itself gets the unredacted trigger. In one process it waits
      // in memory; in queue mode it travels with the job, encrypted, and only when redaction changed something.
      const extras: RunJobExtras = {};
      if (c.queue.remote) {
        if (JSON.stringify(run.trigger) !== JSON.stringify(input.trigger))
          extras.sealedTrigger = c.cipher.encrypt(JSON.stringify(input.trigger));
        if (input.resumeFrom) extras.resumeFrom = input.resumeFrom;
      } else {
        triggers.set(run.id, input.trigger);
        if (input.resumeFrom) resumeInfo.set(run.id, input.resumeFrom);
      }
      await c.store.saveRun(run);
      track(run.flowId, run.id, true);
      c.bus.publish({ type: 'run.queued', runId: run.id, flowId: run.flowId, at: now });
      try {
        c.queue.enqueue(run.id, run.flowId, extras);
      } catch (err) {
        if (err instanceof QueueFullError) {
          await failWithoutRunning(run, 'cancelled', { code: 'RATE_LIMITED', message: err.message });
        }
        throw err;
      }
      return run;
    },

    async execute(runId, signal, extras) {
      const c = ctx();
      const queued = await c.store.getRun(runId);
      if (queued?.status !== 'queued') return;
      track(queued.flowId, runId, true);
      let flow: Flow;
      try {
        flow = await loadFlowForRun(c.store, queued.flowId, queued.flowHash);
      } catch (err) {
        await failWithoutRunning(queued, 'failed', {
          code: 'FLOW_NOT_FOUND',
          message: (err as Error).message,
        });
        return;
      }
      const trigger = triggers.get(runId) ?? unseal(extras?.sealedTrigger) ?? queued.trigger;
      triggers.delete(runId);
      const resumeFrom = resumeInfo.get(runId) ?? extras?.resumeFrom;
      const startedAt = c.clock.nowIso();
      await c.store.saveRun({ ...queued, status: 'running', startedAt });
      let record: RunRecord;
      try {
        compiledFlows ??= createCompiledFlows(c.catalog);
        const compiled = compiledFlows.get(queued.flowId, queued.flowHash, flow);
        record = await runFlow(compiled, {
          catalog: c.catalog,
          trigger,
          runId,
          signal,
          clock: c.clock,
          fetch: c.fetch,
          log: c.log.child({ runId, flowId: queued.flowId }),
          connections: c.connections,
          resolveFlow: async (id) => {
            const s = await c.store.getFlow(id);
            if (!s) throw new Error(`Helper flow ${id} does not exist.`);
            return s.flow;
          },
          onEvent: publish,
          onChildRun: (child) => c.store.saveRun(c.secrets.redact(child)),
          dryRun: queued.dryRun === true,
          resumeFrom,
          secrets: () => [...c.secrets.values()],
          flowVersion: queued.flowVersion,
          rerunOf: queued.rerunOf,
          queuedAt: queued.queuedAt,
        });
      } catch (err) {
        c.log.error({ err, runId, flowId: queued.flowId }, 'run could not execute');
        const message = err instanceof Error ? err.message : String(err);
        await failWithoutRunning({ ...queued, startedAt }, 'failed', { code: 'INTERNAL', message });
        return;
      }
      await finish(record);
    },

    async wait(runId, timeoutMs) {
      const c = ctx();
      const result = new Promise<RunRecord | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), timeoutMs);
        const list = waiters.get(runId) ?? [];
        list.push((run) => {
          clearTimeout(timer);
          resolve(run);
        });
        waiters.set(runId, list);
      });
      const now = await c.store.getRun(runId);
      if (now && FINAL.has(now.status) && !activeByFlow.get(now.flowId)?.has(runId)) return now;
      if (c.queue.remote) {
        // Queue mode: the bridged run.finished settles waiters; polling the store covers a missed event.
        const poll = setInterval(() => {
          void c.store.getRun(runId).then(
            (r) => {
              if (r && FINAL.has(r.status)) void service.settle(runId, r.flowId);
            },
            () => {},
          );
        }, REMOTE_POLL_MS);
        void result.finally(() => clearInterval(poll));
      }
      return result;
    },

    async cancel(runId) {
      const c = ctx();
      const run = await c.store.getRun(runId);
      if (!run) throw new ApiError('NOT_FOUND', `Run ${runId} does not exist.`);
      if (FINAL.has(run.status)) {
        throw new ApiError('CONFLICT', `Run ${runId} already finished (${run.status}); nothing to cancel.`);
      }
      const outcome = c.queue.cancel(runId);
      if (outcome === 'aborted') return 'running';
      await failWithoutRunning(run, 'cancelled', {
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

    async settle(runId, flowId) {
      const c = ctx();
      if (!waiters.has(runId) && !activeByFlow.get(flowId)?.has(runId)) return;
      // Workers store the final record before they publish run.finished; retry briefly in case a read lags.
      for (let attempt = 0; attempt < 10; attempt++) {
        const run = await c.store.getRun(runId);
        if (run && FINAL.has(run.status)) {
          if (!waiters.has(runId) && !activeByFlow.get(flowId)?.has(runId)) return;
          track(run.flowId, runId, false);
          for (const w of waiters.get(runId) ?? []) w(run);
          waiters.delete(runId);
          for (const l of finishedListeners) l(run);
          return;
        }
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
    },

    async recover() {
      const c = ctx();
      if (c.queue.remote) return recoverQueueMode(c);
      const running = await c.store.findRunsByStatus(['running']);
      for (const run of running) {
        const at = c.clock.nowIso();
        await c.store.saveRun({
          ...run,
          status: 'interrupted',
          finishedAt: at,
          error: {
            code: 'INTERRUPTED',
            message:
              'The runtime stopped while this run was running. Rerun it if its steps are safe to repeat.',
          },
        });
      }
      const queued = (await c.store.findRunsByStatus(['queued'])).sort((a, b) =>
        (a.queuedAt ?? '').localeCompare(b.queuedAt ?? ''),
      );
      for (const run of queued) {
        track(run.flowId, run.id, true);
        c.queue.enqueue(run.id, run.flowId);
      }
      return { interrupted: running.length, resumed: queued.length };
    },
  };
  const triggers = new Map<string, TriggerInfo>();

  const unseal = (sealed: string | undefined): TriggerInfo | undefined => {
    if (!sealed) return undefined;
    try {
      return JSON.parse(ctx().cipher.decrypt(sealed)) as TriggerInfo;
    } catch (err) {
      ctx().log.warn(
        { err },
        'the job trigger could not be decrypted (is IDFLOW_SECRET_KEY the same everywhere?)',
      );
      return undefined;
    }
  };

  const recoverQueueMode = async (c: RuntimeContext) => {
    const queue = c.queue;
    // A scheduled run is created by its tick job on a worker, which still owns it for a while (a stalled tick job is
    // delivered again and finds the run); only an older one is enqueued again.
    const tickOwnsMs = 2 * (c.config.lockDurationMs + c.config.stalledIntervalMs);
    const queued = (await c.store.findRunsByStatus(['queued'])).sort((a, b) =>
      (a.queuedAt ?? '').localeCompare(b.queuedAt ?? ''),
    );
    let resumed = 0;
    for (const run of queued) {
      const age = c.clock.now() - Date.parse(run.queuedAt ?? '');
      if (run.trigger.kind === 'schedule' && !(age > tickOwnsMs)) continue;
      if (await queue.hasLiveJob?.(run.id)) continue;
      // Lost with its job: the trigger is the stored (redacted) one and a resume point is gone.
      queue.enqueue(run.id, run.flowId);
      resumed++;
    }
    return { interrupted: 0, resumed };
  };
  return service;
}

/** How often `wait()` re-reads a run executed by a worker, in case its run.finished event was missed. */
const REMOTE_POLL_MS = 1_000;
