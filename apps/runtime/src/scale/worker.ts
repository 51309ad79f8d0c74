/** The worker role: takes run jobs from BullMQ, executes them with the runtime's run service, shares events on Redis. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunRecord, StepRecord } from '@idflow/engine';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import { type Config, type ConfigInput, resolveConfig } from '../config';
import type { RuntimeCatalog, RuntimeContext } from '../context';
import type { BusEvent } from '../events-bus';
import { createLogger, type RuntimeLogger } from '../logger';
import type { RunJobExtras } from '../queue/run-queue';
import type { Store } from '../store/types';
import { createFlowSemaphore, type FlowSemaphore } from './flow-semaphore';
import {
  cancelChannel,
  DEFAULT_PREFIX,
  DEFAULT_QUEUE_NAME,
  type QueueLocation,
  RunJobSchema,
  SCHEDULE_JOB,
  ScheduleJobSchema,
  workersKey,
} from './queue-names';
import { bullConnection, checkRedis, createRedisClient } from './redis-connect';
import { createRedisEventPublisher } from './redis-events';
import { createScheduleLane } from './schedule-lane';
import { createMisfireMarks } from './schedule-marks';
import { takeTick } from './schedule-ticks';
import { createWorkerRuntime } from './worker-context';
import { failOpenTickRun, interruptRun, leaveLane, onJobFailed } from './worker-failures';

export interface StartWorkerOptions extends QueueLocation {
  /** Opened store shared with the main process (PostgreSQL). */
  store: Store;
  catalog: RuntimeCatalog;
  /** Runs executed at once by this worker. Default 8. */
  concurrency?: number;
  /** Runs of one flow at once across all workers (a Redis semaphore). Unset: no per-flow limit. */
  perFlowConcurrency?: number;
  /**
   * A run found `running` when its job is delivered again (its worker died mid-run): `interrupt` (default) marks it
   * interrupted, like a single-process restart does; `rerun` runs it again from the start.
   */
  onStalled?: 'interrupt' | 'rerun';
  /** Runtime config (secret key, data dir, HTTP allow-list...). */
  config?: Config | ConfigInput;
  logger?: RuntimeLogger;
  workerId?: string;
  /** Redis channel for run events. Default `idflow:events`. */
  eventsChannel?: string;
  /** Lock held on a running job, renewed at half this period; a dead worker's jobs are stalled after it. Default 30 s. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for. Default 30 s. */
  stalledIntervalMs?: number;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

export interface WorkerStats {
  id: string;
  active: number;
  processed: number;
  /** Runs found `running` from a dead worker and interrupted or rerun here. */
  takenOver: number;
  /** Jobs put back because the flow was at its per-flow limit. */
  deferred: number;
}

export interface RunningWorker {
  id: string;
  context: RuntimeContext;
  stats(): WorkerStats;
  /** Stops taking jobs, waits for running ones (BullMQ close), then releases connections. */
  close(): Promise<void>;
}

const REFRESH_SECRETS_MS = 5_000;

/**
 * @example
 * const store = createStoreFromUrl(process.env.IDFLOW_STORE!); await store.open();
 * const worker = await startWorker({ store, redisUrl, concurrency: 8, catalog: createBuiltinCatalog() });
 */
export async function startWorker(opts: StartWorkerOptions): Promise<RunningWorker> {
  await checkRedis(opts.redisUrl);
  const id = opts.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const level = resolveConfig(opts.config ?? {}).logLevel;
  const log = (opts.logger ?? createLogger({ level, secrets: () => [] })).child({ worker: id });
  const { context } = await createWorkerRuntime({
    store: opts.store,
    catalog: opts.catalog,
    logger: log,
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const { store } = context;
  const stats: WorkerStats = { id, active: 0, processed: 0, takenOver: 0, deferred: 0 };
  const controllers = new Map<string, AbortController>();

  const publisher = createRedisEventPublisher({
    redisUrl: opts.redisUrl,
    workerId: id,
    ...(opts.eventsChannel ? { channel: opts.eventsChannel } : {}),
    onError: (err) => log.warn({ err }, 'run event not published'),
  });
  // A run's own run.finished is held until its final record is stored, so a main that reads the run on that event
  // (wait: true, onCompletion webhooks, the editor) sees the final record.
  const heldFinish = new Map<string, BusEvent>();
  const offBus = context.bus.subscribe((e) => {
    if (e.type === 'run.finished' && !e.parentRunId && controllers.has(e.runId)) heldFinish.set(e.runId, e);
    else publisher.publish(e);
  });
  const releaseFinish = (runId: string) => {
    const held = heldFinish.get(runId);
    heldFinish.delete(runId);
    if (held) publisher.publish(held);
  };
  const offFinished = context.runs.onFinished((run) => releaseFinish(run.id));

  const redis = createRedisClient(opts.redisUrl, `idflow-worker-${id}`);
  const sub = createRedisClient(opts.redisUrl, `idflow-worker-cancel-${id}`);
  sub.on('message', (_ch: string, runId: string) => controllers.get(runId)?.abort(new Error('cancelled')));
  await sub.subscribe(cancelChannel(prefix));
  const lockDurationMs = opts.lockDurationMs ?? 30_000;
  // The schedule lane's lease is the job lock's: a dead holder's lane frees on the same time scale as its job.
  const lane = createScheduleLane(redis, prefix, { leaseMs: lockDurationMs });
  const marks = createMisfireMarks(redis, prefix);
  const queueName = opts.queueName ?? DEFAULT_QUEUE_NAME;
  const handoffQueue = new Queue(queueName, { connection: bullConnection(opts.redisUrl), prefix });
  handoffQueue.on('error', (err) => log.warn({ err }, 'schedule hand-off queue error'));
  const sem: FlowSemaphore | undefined = opts.perFlowConcurrency
    ? createFlowSemaphore(redis, prefix, opts.perFlowConcurrency)
    : undefined;

  let secretsAt = 0;
  const freshSecrets = async () => {
    if (Date.now() - secretsAt < REFRESH_SECRETS_MS) return;
    secretsAt = Date.now();
    await context.secrets.refresh();
  };

  const interrupt = (run: RunRecord, message: string) => interruptRun(context, run, message);

  const execute = async (runId: string, extras: RunJobExtras) => {
    const run = await store.getRun(runId);
    if (!run) return 'missing';
    if (run.status === 'running') {
      // Only a job whose lock expired is delivered again, so the worker that started this run is gone.
      stats.takenOver++;
      if (opts.onStalled !== 'rerun') {
        await interrupt(
          run,
          'The worker running this run stopped. Rerun it if its steps are safe to repeat.',
        );
        return 'interrupted';
      }
      const { startedAt: _s, ...rest } = run;
      await store.saveRun({ ...rest, status: 'queued', steps: [] });
      log.warn(
        { runId, flowId: run.flowId },
        'run taken over from a dead worker: running it again from the start',
      );
    } else if (run.status !== 'queued') {
      return 'already-final';
    }
    const controller = new AbortController();
    controllers.set(runId, controller);
    try {
      await freshSecrets();
      await context.runs.execute(runId, controller.signal, extras);
    } finally {
      controllers.delete(runId);
      releaseFinish(runId);
    }
    return 'executed';
  };

  const processor = async (job: Job, token?: string) => {
    let target: { runId: string; flowId: string; lane?: { flowId: string; token: string } };
    if (job.name === SCHEDULE_JOB) {
      const tick = await takeTick({ context, lane, marks, queue: handoffQueue }, job);
      if (tick.kind === 'park') {
        // Woken (promoted) by the hand-off when the lane frees; the lease-long delay only covers a lost hand-off.
        await job.moveToDelayed(Date.now() + lockDurationMs, token);
        throw new DelayedError();
      }
      if (tick.kind !== 'run') return tick.kind;
      target = tick;
    } else target = RunJobSchema.parse(job.data);
    if (sem && !(await sem.acquire(target.flowId, target.runId))) {
      // At the flow's limit: back into the queue shortly, without counting as an attempt.
      stats.deferred++;
      await job.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 200), token);
      throw new DelayedError();
    }
    const renew = sem
      ? setInterval(() => void sem.renew(target.flowId, target.runId).catch(() => {}), 20_000)
      : undefined;
    const held = target.lane;
    const renewLane = held
      ? setInterval(() => void lane.renew(held.flowId, held.token).catch(() => {}), lockDurationMs / 3)
      : undefined;
    stats.active++;
    const data = job.name === SCHEDULE_JOB ? undefined : RunJobSchema.parse(job.data);
    const extras: RunJobExtras = {
      ...(data?.sealedTrigger ? { sealedTrigger: data.sealedTrigger } : {}),
      // Steps were validated as objects with a nodeId; they are the original run's stored step records.
      ...(data?.resumeFrom
        ? {
            resumeFrom: {
              nodeId: data.resumeFrom.nodeId,
              steps: data.resumeFrom.steps as unknown as StepRecord[],
            },
          }
        : {}),
    };
    let threw = false;
    try {
      return await execute(target.runId, extras);
    } catch (err) {
      threw = true;
      if (job.name === SCHEDULE_JOB) await failOpenTickRun(context, target.runId, err);
      throw err;
    } finally {
      stats.active--;
      stats.processed++;
      clearInterval(renew);
      clearInterval(renewLane);
      await sem?.release(target.flowId, target.runId);
      // A failed run (e.g. the store down) hands the lane on with a backoff, not straight into the same failure.
      const retry = threw ? (ScheduleJobSchema.safeParse(job.data).data?.retry ?? 0) + 1 : 0;
      if (held) await leaveLane(lane, handoffQueue, held.flowId, held.token, retry);
    }
  };

  const worker = new Worker(queueName, processor, {
    connection: bullConnection(opts.redisUrl),
    prefix,
    concurrency: opts.concurrency ?? 8,
    maxStalledCount: 1,
    lockDuration: lockDurationMs,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
  });
  worker.on('error', (err) => log.error({ err }, 'worker error'));
  worker.on('failed', (job, err) => {
    // onJobFailed catches its own failures; this only guards against a throw it did not foresee.
    void onJobFailed({ context, lane, queue: handoffQueue }, job, err).catch((e: unknown) =>
      log.error({ err: e }, 'failed job not handled'),
    );
  });

  const heartbeat = async () => {
    const { active, processed, takenOver, deferred } = stats;
    const beat = {
      active,
      processed,
      takenOver,
      deferred,
      concurrency: opts.concurrency ?? 8,
      at: Date.now(),
    };
    await redis.hset(workersKey(prefix), id, JSON.stringify(beat));
  };
  const beatTimer = setInterval(() => void heartbeat().catch(() => {}), 2_000);
  beatTimer.unref();
  await heartbeat();
  log.info({ concurrency: opts.concurrency ?? 8, perFlow: opts.perFlowConcurrency }, 'idflow worker started');

  let closing: Promise<void> | undefined;
  return {
    id,
    context,
    stats: () => ({ ...stats }),
    close() {
      closing ??= (async () => {
        clearInterval(beatTimer);
        await worker.close();
        await handoffQueue.close();
        offBus();
        offFinished();
        await redis.hdel(workersKey(prefix), id).catch(() => {});
        await publisher.close();
        await sub.quit().catch(() => sub.disconnect());
        await redis.quit().catch(() => redis.disconnect());
      })();
      return closing;
    },
  };
}
