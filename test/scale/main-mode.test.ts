/**
 * The real runtime in main mode (startRuntime, IDFLOW_MODE=main, PostgreSQL store in a throwaway schema, its own
 * BullMQ prefix) with two spawned worker processes: flows created through the API, webhooks (onCompletion and
 * accepted), wait: true, SSE, healthz/metrics, and a schedule served by two mains.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../apps/runtime/src/events-bus';
import { createRedisEventBridge, type RedisEventBridge } from '../../apps/runtime/src/scale/index';
import { type RunningRuntime, startRuntime } from '../../apps/runtime/src/server';
import type { Flow, RunRecord } from '../../packages/engine/src/index';
import {
  type Cluster,
  countByStatus,
  everySecondFlow,
  makeCluster,
  REDIS_URL,
  SECRET_KEY,
  spawnWorker,
  waitFor,
} from './scale-harness';

const ADMIN = 'main-mode-admin-token-0123456789';

let c: Cluster;
let main: RunningRuntime;
let bridge: RedisEventBridge;
const bridged: Array<{ event: BusEvent; worker: string }> = [];

const startMain = (c: Cluster) =>
  startRuntime({
    mode: 'main',
    port: 0,
    redisUrl: REDIS_URL,
    store: c.storeUrl,
    queuePrefix: c.prefix,
    eventsChannel: c.channel,
    secretKey: SECRET_KEY,
    adminToken: ADMIN,
    dataDir: c.dataDir,
    maxQueueDepth: 100_000,
    logLevel: 'warn',
  });

async function api<T>(rt: RunningRuntime, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${rt.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Creates and enables a flow through the API; returns its webhook token when it has a webhook trigger. */
async function createFlow(rt: RunningRuntime, flow: Flow): Promise<string | undefined> {
  await api(rt, 'POST', '/api/v1/flows', flow);
  await api(rt, 'POST', `/api/v1/flows/${flow.id}/enable`);
  if (flow.nodes[0]?.type !== 'trigger.webhook') return undefined;
  return (await api<{ secret: string }>(rt, 'POST', `/api/v1/flows/${flow.id}/webhook/secret`, {})).secret;
}

const hookFlow = (id: string, respond: 'onCompletion' | 'accepted'): Flow => ({
  schemaVersion: 1,
  id,
  name: id,
  nodes: [
    { id: 'hook', type: 'trigger.webhook', position: { x: 0, y: 0 }, config: { path: id, respond } },
    {
      id: 'map',
      type: 'transform.map',
      position: { x: 280, y: 0 },
      config: { value: "={ 'user': trigger.body.email, 'tokenLength': $length(trigger.body.token) }" },
    },
    {
      id: 'answer',
      type: 'flow.respond',
      position: { x: 560, y: 0 },
      config: { status: 201, body: "={ 'hello': steps.map.user, 'tokenLength': steps.map.tokenLength }" },
    },
  ],
  edges: [
    { from: 'hook', to: 'map' },
    { from: 'map', to: 'answer' },
  ],
});

/** Reads SSE from the main into `into` until aborted. */
function listen(rt: RunningRuntime, into: BusEvent[], signal: AbortSignal): Promise<void> {
  return (async () => {
    const res = await fetch(`${rt.url}/api/v1/events?token=${ADMIN}`, { signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const data = buffer
            .slice(0, cut)
            .split('\n')
            .find((l) => l.startsWith('data: '));
          if (data) into.push(JSON.parse(data.slice(6)) as BusEvent);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
        }
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    }
  })();
}

beforeAll(async () => {
  c = await makeCluster();
  main = await startMain(c);
  bridge = createRedisEventBridge({
    redisUrl: REDIS_URL,
    channel: c.channel,
    onEvent: (event, worker) => bridged.push({ event, worker }),
  });
  await bridge.ready;
  await Promise.all([spawnWorker(c, 'w1'), spawnWorker(c, 'w2')]);
}, 60_000);

afterAll(async () => {
  await bridge?.close();
  await main?.close();
  await c?.cleanup();
});

describe('main mode with two worker processes', () => {
  it('reports Redis and PostgreSQL in /healthz, queue and workers in /metrics', async () => {
    const res = await fetch(`${main.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      mode: 'main',
      redis: { ok: true },
      postgres: { ok: true },
    });
    const metrics = await (await fetch(`${main.url}/metrics`)).text();
    expect(metrics).toMatch(/idflow_queue_jobs\{state="waiting"\} \d+/);
    await waitFor('worker heartbeats in /metrics', async () => {
      const m = await (await fetch(`${main.url}/metrics`)).text();
      return (
        /idflow_worker_active_runs\{worker="w1"\}/.test(m) &&
        /idflow_worker_active_runs\{worker="w2"\}/.test(m)
      );
    });
  });

  it('answers an onCompletion webhook with the flow.respond body from a worker; SSE sees the run', async () => {
    const sse: BusEvent[] = [];
    const stop = new AbortController();
    const reading = listen(main, sse, stop.signal);
    const token = await createFlow(main, hookFlow('greet', 'onCompletion'));
    // The secret is redacted from the stored trigger; the worker still gets the real one (sealed in the job).
    const res = await fetch(`${main.url}/hooks/greet`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', token }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ hello: 'ada@example.com', tokenLength: token!.length });
    const runs = await api<{ items: Array<{ id: string; status: string }> }>(
      main,
      'GET',
      '/api/v1/runs?flowId=greet',
    );
    expect(runs.items).toHaveLength(1);
    const runId = runs.items[0]!.id;
    const stored = await c.store.getRun(runId);
    expect(JSON.stringify(stored?.trigger)).not.toContain(token);
    await waitFor('run.finished on the main SSE stream', async () =>
      sse.some((e) => e.type === 'run.finished' && e.runId === runId),
    );
    const types = sse.filter((e) => e.runId === runId).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['run.queued', 'run.started', 'step.finished', 'run.finished']),
    );
    const worker = bridged.find((b) => b.event.runId === runId && b.event.type === 'run.started')?.worker;
    expect(['w1', 'w2']).toContain(worker);
    stop.abort();
    await reading;
  });

  it('resolves wait: true runs on run.finished from a worker', async () => {
    await api(main, 'POST', '/api/v1/flows', {
      schemaVersion: 1,
      id: 'manual',
      name: 'Manual',
      nodes: [
        { id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 }, config: {} },
        { id: 'map', type: 'transform.map', position: { x: 280, y: 0 }, config: { value: '=trigger.n * 2' } },
      ],
      edges: [{ from: 'start', to: 'map' }],
    } satisfies Flow);
    const out = await api<{ run: { status: string; steps: Array<{ nodeId: string; output: unknown }> } }>(
      main,
      'POST',
      '/api/v1/flows/manual/runs',
      { input: { n: 21 }, wait: true },
    );
    expect(out.run.status).toBe('succeeded');
    expect(out.run.steps.find((s) => s.nodeId === 'map')?.output).toBe(42);
  });

  it('executes 1,000 accepted webhook events exactly once, spread over both workers', async () => {
    const token = await createFlow(main, hookFlow('bulk', 'accepted'));
    const n = 1000;
    const runIds: string[] = [];
    for (let i = 0; i < n; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, n - i) }, async (_, j) => {
          const res = await fetch(`${main.url}/hooks/bulk`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ email: `u${i + j}@example.com` }),
          });
          expect(res.status).toBe(202);
          return ((await res.json()) as { runId: string }).runId;
        }),
      );
      runIds.push(...batch);
    }
    expect(new Set(runIds).size).toBe(n);
    const counts = await waitFor(
      'all bulk runs final',
      async () => {
        // Counted status by status, so a run moving on may show twice in one pass: wait for a settled pass.
        const byStatus = await countByStatus(c.store, 'bulk');
        const inFlight = (byStatus.queued ?? 0) + (byStatus.running ?? 0);
        return (byStatus.succeeded ?? 0) + (byStatus.failed ?? 0) >= n && inFlight === 0
          ? byStatus
          : undefined;
      },
      90_000,
    );
    expect(counts).toEqual({ succeeded: n });
    await waitFor('every bulk run.started on the bridge', async () => {
      const ids = new Set(runIds);
      return bridged.filter((b) => b.event.type === 'run.finished' && ids.has(b.event.runId)).length >= n;
    });
    const ids = new Set(runIds);
    const started = bridged.filter((b) => b.event.type === 'run.started' && ids.has(b.event.runId));
    const perRun = new Map<string, number>();
    for (const b of started) perRun.set(b.event.runId, (perRun.get(b.event.runId) ?? 0) + 1);
    expect(perRun.size).toBe(n);
    expect([...perRun.values()].every((v) => v === 1)).toBe(true);
    const perWorker: Record<string, number> = {};
    for (const b of started) perWorker[b.worker] = (perWorker[b.worker] ?? 0) + 1;
    expect(Object.keys(perWorker).sort()).toEqual(['w1', 'w2']);
    expect(Math.min(perWorker.w1!, perWorker.w2!)).toBeGreaterThan(n * 0.2);
  }, 120_000);

  it('at start, leaves running runs to their workers and enqueues queued runs that have no job', async () => {
    const stored = await c.store.getFlow('manual');
    const base = { flowId: 'manual', flowHash: stored!.hash, flowVersion: stored!.version, steps: [] };
    const at = new Date().toISOString();
    // A run a worker holds right now, and one accepted while Redis lost its job.
    await c.store.saveRun({
      ...base,
      id: 'held-by-worker',
      trigger: { kind: 'manual', data: { n: 1 } },
      status: 'running',
      queuedAt: at,
      startedAt: at,
    });
    await c.store.saveRun({
      ...base,
      id: 'lost-job',
      trigger: { kind: 'manual', data: { n: 5 } },
      status: 'queued',
      queuedAt: at,
    });
    const other = await startMain(c);
    try {
      const lost = await waitFor('the lost run to execute', async () => {
        const r = await c.store.getRun('lost-job');
        return r?.status === 'succeeded' ? r : undefined;
      });
      expect(lost.steps.find((s) => s.nodeId === 'map')?.output).toBe(10);
      expect((await c.store.getRun('held-by-worker'))?.status).toBe('running');
    } finally {
      await other.close();
    }
  });

  it('reruns from the failed step on a worker (the resume point travels with the job)', async () => {
    await api(main, 'POST', '/api/v1/flows', {
      schemaVersion: 1,
      id: 'two-steps',
      name: 'Two steps',
      nodes: [
        { id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 }, config: {} },
        {
          id: 'first',
          type: 'transform.map',
          position: { x: 280, y: 0 },
          config: { value: '=trigger.n + 1' },
        },
        {
          id: 'second',
          type: 'transform.map',
          position: { x: 560, y: 0 },
          config: { value: '=steps.first * 10' },
        },
      ],
      edges: [
        { from: 'start', to: 'first' },
        { from: 'first', to: 'second' },
      ],
    } satisfies Flow);
    const stored = await c.store.getFlow('two-steps');
    const at = new Date().toISOString();
    // A failed run whose first step produced 99 (a rerun from the start would compute 2).
    await c.store.saveRun({
      id: 'failed-once',
      flowId: 'two-steps',
      flowHash: stored!.hash,
      flowVersion: stored!.version,
      trigger: { kind: 'manual', data: { n: 1 } },
      status: 'failed',
      queuedAt: at,
      startedAt: at,
      finishedAt: at,
      steps: [
        {
          nodeId: 'start',
          type: 'trigger.manual',
          status: 'succeeded',
          attempts: 1,
          output: { n: 1 },
          ports: ['out'],
        },
        {
          nodeId: 'first',
          type: 'transform.map',
          status: 'succeeded',
          attempts: 1,
          output: 99,
          ports: ['out'],
        },
        {
          nodeId: 'second',
          type: 'transform.map',
          status: 'failed',
          attempts: 1,
          error: { code: 'X', message: 'boom' },
        },
      ],
    } as unknown as RunRecord);
    const { runId } = await api<{ runId: string }>(main, 'POST', '/api/v1/runs/failed-once/rerun', {
      mode: 'fromFailedStep',
    });
    const rerun = await waitFor('the rerun to finish', async () => {
      const r = await c.store.getRun(runId);
      return r && r.status !== 'queued' && r.status !== 'running' ? r : undefined;
    });
    expect(rerun.status).toBe('succeeded');
    expect(rerun.steps.find((s) => s.nodeId === 'second')?.output).toBe(990);
  });

  it('fires a schedule once per tick with two main runtimes', async () => {
    await createFlow(main, everySecondFlow());
    const started = Date.now();
    // A second main on the same database and Redis: its start arms the same job scheduler.
    const other = await startMain(c);
    try {
      expect(await c.queue.queue.getJobSchedulersCount()).toBe(1);
      await new Promise((r) => setTimeout(r, 3_500));
      await api(other, 'POST', '/api/v1/flows/every-second/disable');
      const elapsedS = (Date.now() - started) / 1000;
      expect(await c.queue.queue.getJobSchedulersCount()).toBe(0);
      const runs = await waitFor('the ticks to finish', async () => {
        const page = (await c.store.listRuns({ flowId: 'every-second', limit: 100 })).items;
        return page.length >= 2 && page.every((r) => r.status === 'succeeded') ? page : undefined;
      });
      const ticks = runs.map((r) => (r.trigger.data as { scheduledAt: string }).scheduledAt);
      expect(new Set(ticks).size).toBe(ticks.length);
      expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsedS) + 1);
    } finally {
      await other.close();
    }
  }, 30_000);
});

describe('main mode start-up', () => {
  it('stops with a clear error naming host:port when Redis or PostgreSQL is unreachable', async () => {
    const base = {
      mode: 'main' as const,
      port: 0,
      secretKey: SECRET_KEY,
      adminToken: ADMIN,
      logLevel: 'silent' as const,
    };
    await expect(
      startRuntime({ ...base, redisUrl: 'redis://127.0.0.1:1', store: c.storeUrl }),
    ).rejects.toThrow(/Redis at 127\.0\.0\.1:1 is not reachable/);
    await expect(
      startRuntime({ ...base, redisUrl: REDIS_URL, store: 'postgres://postgres@127.0.0.1:1/test' }),
    ).rejects.toThrow(/PostgreSQL at 127\.0\.0\.1:1\/test is not reachable/);
  });
});
