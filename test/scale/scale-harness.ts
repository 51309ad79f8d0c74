/** Shared pieces of the scale-out tests: a PG schema + BullMQ prefix per test, worker child processes, flows, runs. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BullRunQueue, createBullRunQueue } from '../../apps/runtime/src/scale/index';
import { createRedisClient } from '../../apps/runtime/src/scale/redis-connect';
import type { PostgresStore } from '../../apps/runtime/src/store-postgres/index';
import { makeTestPgStore, PG_URL } from '../../apps/runtime/src/store-postgres/testing';
import { type Flow, flowHash, type RunRecord } from '../../packages/engine/src/index';
import { createBuiltinCatalog } from '../../packages/nodes/src/index';

export const REDIS_URL = process.env.IDFLOW_TEST_REDIS ?? 'redis://127.0.0.1:6379';
export const SECRET_KEY = 'scale-test-secret-key-0123456789abcdef';
const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKER_MAIN = path.join(ROOT, 'apps/runtime/src/scale/worker-main.ts');
export const catalog = createBuiltinCatalog();

export interface Cluster {
  prefix: string;
  channel: string;
  store: PostgresStore;
  storeUrl: string;
  dataDir: string;
  queue: BullRunQueue;
  workers: Map<string, ChildProcess>;
  cleanup(): Promise<void>;
}

/** A fresh PG schema, BullMQ prefix and events channel; cleanup() kills workers and removes all of it. */
export async function makeCluster(): Promise<Cluster> {
  const prefix = `idflow-test-${randomBytes(4).toString('hex')}`;
  const { store, cleanup: dropSchema } = makeTestPgStore();
  await store.open();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'idflow-scale-'));
  const queue = createBullRunQueue({ redisUrl: REDIS_URL, prefix, maxDepth: 100_000 });
  const workers = new Map<string, ChildProcess>();
  return {
    prefix,
    channel: `${prefix}:events`,
    store,
    storeUrl: `${PG_URL}?schema=${store.schema}`,
    dataDir,
    queue,
    workers,
    async cleanup() {
      for (const child of workers.values()) await stopChild(child, 'SIGKILL');
      await queue.queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      const redis = createRedisClient(REDIS_URL, 'idflow-test-cleanup');
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await store.close();
      await dropSchema();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Spawns `node --import tsx worker-main.ts` (one process, so SIGKILL hits the worker itself); resolves when ready. */
export async function spawnWorker(
  c: Cluster,
  id: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      IDFLOW_MODE: 'worker',
      IDFLOW_STORE: c.storeUrl,
      IDFLOW_REDIS_URL: REDIS_URL,
      IDFLOW_QUEUE_PREFIX: c.prefix,
      IDFLOW_EVENTS_CHANNEL: c.channel,
      IDFLOW_WORKER_ID: id,
      IDFLOW_SECRET_KEY: SECRET_KEY,
      IDFLOW_DATA_DIR: c.dataDir,
      IDFLOW_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  c.workers.set(id, child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${id} not ready in 20 s:\n${stderr}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker ${id} exited (${code}) before ready:\n${stderr}`));
    });
  });
  return child;
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Saves a flow the way the runtime does (canonical hash), enabled. */
export async function saveFlow(c: Cluster, flow: Flow): Promise<void> {
  await c.store.saveFlow(flow, { hash: flowHash(flow, catalog) });
}

/** A schedule flow firing every second (overlap allowed), for the "one fire per tick" tests. */
export function everySecondFlow(): Flow {
  return {
    schemaVersion: 1,
    id: 'every-second',
    name: 'Every second',
    nodes: [
      {
        id: 'tick',
        type: 'trigger.schedule',
        position: { x: 0, y: 0 },
        config: { cron: '* * * * * *', overlap: 'allow' },
      },
      {
        id: 'map',
        type: 'transform.map',
        position: { x: 280, y: 0 },
        config: { value: '=trigger.scheduledAt' },
      },
    ],
    edges: [{ from: 'tick', to: 'map' }],
  };
}

export function transformFlow(id: string): Flow {
  return {
    schemaVersion: 1,
    id,
    name: `Transform ${id}`,
    nodes: [
      { id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'map',
        type: 'transform.map',
        position: { x: 280, y: 0 },
        config: { value: "={ 'user': trigger.email }" },
      },
    ],
    edges: [{ from: 'start', to: 'map' }],
  };
}

/** What the main role does for an accepted event: persist `queued`, then enqueue (jobId = run id). */
export async function submitRun(
  c: Cluster,
  flowId: string,
  runId: string,
  data: unknown = {},
): Promise<void> {
  const stored = await c.store.getFlow(flowId);
  const run: RunRecord = {
    id: runId,
    flowId,
    flowHash: stored!.hash,
    flowVersion: stored!.version,
    trigger: { kind: 'manual', data },
    status: 'queued',
    queuedAt: new Date().toISOString(),
    steps: [],
  };
  await c.store.saveRun(run);
  c.queue.enqueue(runId, flowId);
}

export async function countByStatus(store: PostgresStore, flowId?: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const status of ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const) {
    let cursor: string | undefined;
    let n = 0;
    do {
      const page = await store.listRuns({
        status: [status],
        limit: 500,
        ...(flowId ? { flowId } : {}),
        ...(cursor ? { cursor } : {}),
      });
      n += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    if (n > 0) out[status] = n;
  }
  return out;
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
