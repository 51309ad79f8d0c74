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
import { mayActOutside } from './outside-effects';
import { runLogger, saveFinalRecord } from './run-finish';

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

/** A run of this process that has not finished yet: its queued record, the real trigger, its latest save. */
interface LocalRun {
  /** The queued record; its trigger is redacted once a save needs it (`redactedTrigger`). */
  run: RunRecord;
  trigger: TriggerInfo;
  redacted: boolean;
  resumeFrom?: CreateRunInput['resumeFrom'];
  /** The latest save of this run (queued or running); undefined while it lives only in memory. */
  saved?: Promise<void>;
  started?: boolean;
}

/** The same metrics as observeRunEvent, from a finished record (runs executed without event listeners). */
export function observeRecord(metrics: Metrics, run: RunRecord): void {
  for (const s of run.steps) {
    if (s.durationMs !== undefined)
      metrics.stepDuration.observe({ type: s.type, status: s.status }, s.durationMs / 1000);
  }
  if (!run.parentRunId && FINAL.has(run.status)) {
    metrics.runs.inc({ flow: run.flowId, status: run.status });
    metrics.runDuration.observe({ flow: run.flowId, status: run.status }, (run.durationMs ?? 0) / 1000);
  }
}

export function createRunService(ctx: () => RuntimeContext): RunService {
  /** In-process runs from create() until their final record is saved: nothing is read back from the store. */
  const locals = new Map<string, LocalRun>();
  const activeByFlow = new Map<string, Set<string>>();
  const waiters = new Map<string, Array<(run: RunRecord) => void>>();
  const finishedListeners = new Set<(run: RunRecord) => void>();
  /** Final saves in progress (they run outside the concurrency slot; shutdown waits for them). */
  const tails = new Set<Promise<void>>();
  let compiledFlows: ReturnType<typeof createCompiledFlows> | undefined;

  const track = (flowId: string, runId: string, on: boolean) => {
    let set = activeByFlow.get(flowId);
    if (on) {
      if (!set) {
        set = new Set();
        activeByFlow.set(flowId, set);
      }
      set.add(runId);
    } else if (set) {
      set.delete(runId);
      if (set.size === 0) activeByFlow.delete(flowId);
    }
  };

  /** Events are redacted and published only when someone listens (SSE, the Redis bridge); metrics read raw fields. */
  const publish = (event: RunEvent) => {
    const c = ctx();
    if (!c.bus.hasListeners()) {
      observeRunEvent(c.metrics, event);
      return;
    }
    const safe = c.secrets.redact(event);
    observeRunEvent(c.metrics, safe);
    c.bus.publish(safe);
  };

  const finish = async (run: RunRecord) => {
    const c = ctx();
    const safe = await saveFinalRecord(c, run);
    track(run.flowId, run.id, false);
    locals.delete(run.id);
    for (const w of waiters.get(run.id) ?? []) w(safe);
    waiters.delete(run.id);
    for (const l of finishedListeners) l(safe);
    const fields = { runId: run.id, flowId: run.flowId, status: run.status, durationMs: run.durationMs };
    if (run.status === 'succeeded') c.log.debug(fields, 'run finished');
    else if (run.status === 'failed') c.log.warn({ ...fields, error: safe.error }, 'run failed');
    else c.log.info(fields, 'run finished');
  };

  const failWithoutRunning = async (run: RunRecord, status: RunRecord['status'], error: RunErrorInfo) => {
    const at = ctx().clock.nowIso();
    const final: RunRecord = { ...run, status, finishedAt: at, error };
    const durationMs = 0;
    publish({ type: 'run.finished', runId: run.id, flowId: run.flowId, at, status, durationMs, error });
    await finish(final);
    return final;
  };

  /** Runs the flow; resolves when the engine is done, with the pending final save (undefined: nothing ran). */
  const runInSlot = async (
    runId: string,
    signal: AbortSignal,
    extras?: RunJobExtras,
  ): Promise<{ finished: Promise<void> } | undefined> => {
    const c = ctx();
    const local = locals.get(runId);
    // A local run's trigger may not be redacted yet: every save below goes through storable() or finish().
    const queued = local ? local.run : await c.store.getRun(runId);
    if (queued?.status !== 'queued') return undefined;
    if (local) local.started = true;
    track(queued.flowId, runId, true);
    let flow: Flow;
    try {
      flow = await loadFlowForRun(c.store, queued.flowId, queued.flowHash);
    } catch (err) {
      const finished = failWithoutRunning(queued, 'failed', {
        code: 'FLOW_NOT_FOUND',
        message: (err as Error).message,
      }).then(() => undefined);
      return { finished };
    }
    const trigger = local?.trigger ?? unseal(extras?.sealedTrigger) ?? queued.trigger;
    const resumeFrom = local?.resumeFrom ?? extras?.resumeFrom;
    const startedAt = c.clock.nowIso();
    let record: RunRecord;
    let runningTimer: NodeJS.Timeout | undefined;
    const listening = c.bus.hasListeners();
    try {
      compiledFlows ??= createCompiledFlows(c.catalog);
      const compiled = compiledFlows.get(queued.flowId, queued.flowHash, flow);
      // `running` is appended in order before the final record. A flow that may act outside waits until it is
      // durable (a crash then finds it running → interrupted, never repeated). Any other run goes on at once and
      // writes `running` only if it is still going after RUNNING_RECORD_AFTER_MS (the history shows long runs);
      // a crash then leaves it queued (→ resumed: repeating it changes nothing outside) or absent (onCompletion:
      // its caller got no answer). See outside-effects.ts.
      const saveRunning = () => {
        const saved = c.store.saveRun({
          ...(local ? storable(local) : queued),
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
        onEvent: listening ? publish : undefined,
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
      const finished = failWithoutRunning({ ...queued, startedAt }, 'failed', {
        code: 'INTERNAL',
        message,
      }).then(() => undefined);
      return { finished };
    }
    clearTimeout(runningTimer);
    if (!listening) observeRecord(c.metrics, record);
    return { finished: finish(record) };
  };

  /** The local run's queued record with its trigger redacted (once), fit to be saved. */
  const storable = (local: LocalRun): RunRecord => {
    if (!local.redacted) {
      local.run = { ...local.run, trigger: ctx().secrets.redact(local.run.trigger) };
      local.redacted = true;
    }
    return local.run;
  };

  /** Makes sure a run whose id is about to be handed out is on disk (at least as `queued`). */
  const ensureDurable = async (runId: string) => {
    const local = locals.get(runId);
    if (!local) return;
    local.saved ??= ctx().store.saveRun(storable(local));
    await local.saved;
  };

  const service: RunService = {
    async create(input, opts) {
      const c = ctx();
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
          locals.set(run.id, local);
          if (persist) {
            local.saved = c.store.saveRun(run);
            try {
              await local.saved;
            } catch (err) {
              locals.delete(run.id);
              throw err;
            }
          }
        }
        track(run.flowId, run.id, true);
        if (c.bus.hasListeners())
          c.bus.publish({ type: 'run.queued', runId: run.id, flowId: run.flowId, at: now });
        try {
          c.queue.enqueue(run.id, run.flowId, extras, { reserved: release !== undefined });
        } catch (err) {
          if (err instanceof QueueFullError) {
            await failWithoutRunning(run, 'cancelled', { code: 'RATE_LIMITED', message: err.message });
          }
          throw err;
        }
      } finally {
        release?.();
      }
      return run;
    },

    async execute(runId, signal, extras) {
      const ran = await runInSlot(runId, signal, extras);
      await ran?.finished;
    },

    async executeInSlot(runId, signal) {
      const ran = await runInSlot(runId, signal);
      if (!ran) return;
      const tail = ran.finished.catch((err: unknown) =>
        ctx().log.error({ err, runId }, 'finishing the run failed'),
      );
      tails.add(tail);
      void tail.finally(() => tails.delete(tail));
    },

    async idle(timeoutMs = Number.POSITIVE_INFINITY) {
      const all = (async () => {
        while (tails.size > 0) await Promise.all([...tails]);
        return true;
      })();
      if (!Number.isFinite(timeoutMs)) return all;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const result = await Promise.race([all, timeout]);
      clearTimeout(timer);
      return result;
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
      // A run of this process wakes its waiters itself; read the store only for one that is not (or no longer) here.
      if (!locals.has(runId)) {
        const now = await c.store.getRun(runId);
        if (now && FINAL.has(now.status) && !activeByFlow.get(now.flowId)?.has(runId)) {
          waiters.delete(runId);
          return now;
        }
      }
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
      const final = await result;
      if (!final) {
        // The caller answers with the run id: it must survive a restart from here on.
        await ensureDurable(runId);
      }
      return final;
    },

    async cancel(runId) {
      const c = ctx();
      const local = locals.get(runId);
      const run = local?.run ?? (await c.store.getRun(runId));
      if (!run) throw new ApiError('NOT_FOUND', `Run ${runId} does not exist.`);
      if (FINAL.has(run.status)) {
        throw new ApiError('CONFLICT', `Run ${runId} already finished (${run.status}); nothing to cancel.`);
      }
      const outcome = c.queue.cancel(runId);
      if (outcome === 'aborted') return 'running';
      if (outcome === 'unknown' && local?.started) {
        throw new ApiError('CONFLICT', `Run ${runId} already finished; nothing to cancel.`);
      }
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
        // Accepted before the restart: never refused for a full backlog now.
        c.queue.enqueue(run.id, run.flowId, undefined, { force: true });
      }
      return { interrupted: running.length, resumed: queued.length };
    },
  };

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
      queue.enqueue(run.id, run.flowId, undefined, { force: true });
      resumed++;
    }
    return { interrupted: 0, resumed };
  };
  return service;
}

/** A run whose flow cannot act outside writes its `running` record only when it is still going after this long. */
const RUNNING_RECORD_AFTER_MS = 200;

/** How often `wait()` re-reads a run executed by a worker, in case its run.finished event was missed. */
const REMOTE_POLL_MS = 1_000;
