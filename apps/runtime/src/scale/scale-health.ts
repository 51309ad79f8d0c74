/** /healthz and /metrics helpers for queue mode: Redis and PostgreSQL reachability, queue depth and per-worker load. */
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import type { Store } from '../store/types';
import { DEFAULT_PREFIX, workersKey } from './queue-names';
import { checkRedis, createRedisClient } from './redis-connect';

export interface DependencyHealth {
  ok: boolean;
  ms?: number;
  error?: string;
}

export interface ScaleHealth {
  ok: boolean;
  redis?: DependencyHealth;
  postgres?: DependencyHealth;
}

/** Runs `fn` with a timeout; `{ ok, ms }` or `{ ok: false, error }`. */
async function probe(fn: () => Promise<unknown>, timeoutMs: number): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

const combine = (redis?: DependencyHealth, postgres?: DependencyHealth): ScaleHealth => ({
  ok: (redis?.ok ?? true) && (postgres?.ok ?? true),
  ...(redis ? { redis } : {}),
  ...(postgres ? { postgres } : {}),
});

/**
 * One-off check: connects to Redis, PINGs, disconnects (with a timeout, no retries) and reads from the store; `ok`
 * is false when either fails. A server answering /healthz uses `createScaleHealth` (one kept connection) instead.
 * @example const h = await scaleHealth({ redisUrl, store })
 */
export async function scaleHealth(opts: {
  redisUrl?: string;
  store?: Store;
  timeoutMs?: number;
}): Promise<ScaleHealth> {
  const timeoutMs = opts.timeoutMs ?? 2_000;
  const redisUrl = opts.redisUrl;
  const store = opts.store;
  const [redis, postgres] = await Promise.all([
    redisUrl ? probe(() => checkRedis(redisUrl, timeoutMs), timeoutMs) : undefined,
    store ? probe(() => store.getSetting('idflow.healthz'), timeoutMs) : undefined,
  ]);
  return combine(redis, postgres);
}

export interface ScaleHealthChecker {
  check(): Promise<ScaleHealth>;
  /** Releases the kept Redis connection. */
  close(): Promise<void>;
}

/**
 * /healthz for a long-running process: one Redis connection, opened at the first check and kept (it reconnects on
 * its own; commands fail at once while it is down, so a check never waits for a reconnect), PINGed per check.
 * @example const health = createScaleHealth({ redisUrl, store }); app deps: () => health.check(); on stop: health.close()
 */
export function createScaleHealth(opts: {
  redisUrl?: string;
  store?: Store;
  timeoutMs?: number;
}): ScaleHealthChecker {
  const timeoutMs = opts.timeoutMs ?? 2_000;
  let client: Redis | undefined;
  let lastError: Error | undefined;
  const redisClient = (url: string): Redis => {
    if (!client) {
      client = new Redis(url, {
        connectionName: 'idflow-health',
        connectTimeout: timeoutMs,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: (times) => Math.min(times * 200, 5_000),
      });
      client.on('error', (err: Error) => {
        lastError = err;
      });
    }
    return client;
  };
  const pingRedis = async (url: string) => {
    const c = redisClient(url);
    if (c.status !== 'ready') {
      // Just created (or reconnecting): wait for it up to the timeout instead of failing the first check.
      await new Promise<void>((resolve, reject) => {
        const onReady = () => {
          c.off('ready', onReady);
          resolve();
        };
        c.on('ready', onReady);
        setTimeout(() => {
          c.off('ready', onReady);
          reject(lastError ?? new Error('Redis is not connected'));
        }, timeoutMs).unref();
      });
    }
    await c.ping();
  };
  return {
    async check() {
      const { redisUrl, store } = opts;
      const [redis, postgres] = await Promise.all([
        redisUrl ? probe(() => pingRedis(redisUrl), timeoutMs) : undefined,
        store ? probe(() => store.getSetting('idflow.healthz'), timeoutMs) : undefined,
      ]);
      return combine(redis, postgres);
    },
    async close() {
      const c = client;
      client = undefined;
      if (c) await c.quit().catch(() => c.disconnect());
    },
  };
}

const BeatSchema = z.object({
  active: z.number(),
  processed: z.number(),
  takenOver: z.number(),
  concurrency: z.number(),
  at: z.number(),
});

/** Heartbeats older than this are from workers that stopped. */
const BEAT_STALE_MS = 10_000;

/**
 * Registers gauges read at scrape time: `idflow_queue_jobs{state}` (waiting, active, delayed, failed),
 * `idflow_queue_stalled_total` (when the queue counts them), and per worker `idflow_worker_active_runs{worker}`,
 * `idflow_worker_processed_runs{worker}`, `idflow_worker_taken_over_runs{worker}`. Returns a function that
 * releases its Redis connection.
 * @example const stop = registerQueueMetrics(context.metrics.registry, bullRunQueue);
 */
export function registerQueueMetrics(
  registry: Registry,
  source: { queue: Queue; stalledCount?: () => number },
  opts: { redisUrl?: string; prefix?: string } = {},
): () => Promise<void> {
  const { queue } = source;
  const prefix = opts.prefix ?? queue.opts.prefix ?? DEFAULT_PREFIX;
  const redisUrl =
    opts.redisUrl ?? (queue.opts.connection as { url?: string }).url ?? 'redis://127.0.0.1:6379';
  const redis = createRedisClient(redisUrl, 'idflow-metrics');
  new Gauge({
    name: 'idflow_queue_jobs',
    help: 'Run jobs in the shared BullMQ queue by state.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      this.set({ state: 'waiting' }, (c.waiting ?? 0) + (c.prioritized ?? 0));
      for (const s of ['active', 'delayed', 'failed'] as const) this.set({ state: s }, c[s] ?? 0);
    },
  });
  if (source.stalledCount) {
    const stalled = source.stalledCount;
    new Gauge({
      name: 'idflow_queue_stalled_total',
      help: 'Jobs found stalled (their worker lost its lock) since this process started.',
      registers: [registry],
      collect() {
        this.set(stalled());
      },
    });
  }
  const perWorker = (name: string, help: string, field: 'active' | 'processed' | 'takenOver') =>
    new Gauge({
      name,
      help,
      labelNames: ['worker'],
      registers: [registry],
      async collect() {
        this.reset();
        const beats = await redis.hgetall(workersKey(prefix));
        for (const [worker, json] of Object.entries(beats)) {
          const beat = BeatSchema.safeParse(JSON.parse(json));
          if (beat.success && Date.now() - beat.data.at < BEAT_STALE_MS)
            this.set({ worker }, beat.data[field]);
        }
      },
    });
  perWorker('idflow_worker_active_runs', 'Runs executing on each live worker.', 'active');
  perWorker(
    'idflow_worker_processed_runs',
    'Runs each live worker has processed since it started.',
    'processed',
  );
  perWorker(
    'idflow_worker_taken_over_runs',
    'Runs each worker found running from a dead worker.',
    'takenOver',
  );
  return async () => {
    await redis.quit().catch(() => redis.disconnect());
  };
}
