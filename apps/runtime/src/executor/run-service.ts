/** Runs: create (persisted `queued` before anything else), execute through the engine, wait, cancel, recover after a restart. */
import {
  compileFlow,
  type Flow,
  type RunErrorInfo,
  type RunEvent,
  type RunRecord,
  runFlow,
  type StepRecord,
  type TriggerInfo,
} from '@idflow/engine';
import type { RuntimeContext } from '../context';
import { ApiError } from '../http/errors';
import { newRunId } from '../ids';
import { QueueFullError } from '../queue/run-queue';
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
  /** The queue's worker. */
  execute(runId: string, signal: AbortSignal): Promise<void>;
  /** The final record, or undefined when the run is still going after `timeoutMs`. */
  wait(runId: string, timeoutMs: number): Promise<RunRecord | undefined>;
  cancel(runId: string): Promise<RunRecord['status']>;
  /** Ids of runs of this flow that are queued or running in this process. */
  active(flowId: string): string[];
  onFinished(listener: (run: RunRecord) => void): () => void;
  /** Start-up: running → interrupted, queued → enqueued again. */
  recover(): Promise<{ interrupted: number; resumed: number }>;
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export function createRunService(ctx: () => RuntimeContext): RunService {
  const resumeInfo = new Map<string, CreateRunInput['resumeFrom']>();
  const activeByFlow = new Map<string, Set<string>>();
  const waiters = new Map<string, Array<(run: RunRecord) => void>>();
  const finishedListeners = new Set<(run: RunRecord) => void>();

  const track = (flowId: string, runId: string, on: boolean) => {
    const set = activeByFlow.get(flowId) ?? new Set<string>();
    activeByFlow.set(flowId, set);
    if (on) set.add(runId);
    else set.delete(runId);
  };

  const publish = (event: RunEvent) => {
    const c = ctx();
    const safe = c.secrets.redact(event);
    if (safe.type === 'step.finished') {
      const s = safe.step;
      if (s.durationMs !== undefined)
        c.metrics.stepDuration.observe({ type: s.type, status: s.status }, s.durationMs / 1000);
    }
    if (safe.type === 'run.finished' && !safe.parentRunId) {
      c.metrics.runs.inc({ flow: safe.flowId, status: safe.status });
      c.metrics.runDuration.observe({ flow: safe.flowId, status: safe.status }, safe.durationMs / 1000);
    }
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
      // Keep the unredacted trigger for the run itself; the stored record never holds secrets.
      triggers.set(run.id, input.trigger);
      if (input.resumeFrom) resumeInfo.set(run.id, input.resumeFrom);
      await c.store.saveRun(run);
      track(run.flowId, run.id, true);
      c.bus.publish({ type: 'run.queued', runId: run.id, flowId: run.flowId, at: now });
      try {
        c.queue.enqueue(run.id, run.flowId);
      } catch (err) {
        if (err instanceof QueueFullError) {
          await failWithoutRunning(run, 'cancelled', { code: 'RATE_LIMITED', message: err.message });
        }
        throw err;
      }
      return run;
    },

    async execute(runId, signal) {
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
      const trigger = triggers.get(runId) ?? queued.trigger;
      triggers.delete(runId);
      const startedAt = c.clock.nowIso();
      await c.store.saveRun({ ...queued, status: 'running', startedAt });
      let record: RunRecord;
      try {
        const compiled = compileFlow(flow, c.catalog);
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
          resumeFrom: resumeInfo.get(runId),
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

    async recover() {
      const c = ctx();
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
  return service;
}
