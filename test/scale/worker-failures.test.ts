/**
 * A worker's handling of failed jobs, on real Redis and PostgreSQL: a stalled tick's run is never left open, a store
 * outage in the handler is logged (no unhandled rejection), a held tick that keeps failing leaves the line, and a
 * tick that fails after storing its run does not leave the run `queued`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RuntimeContext } from '../../apps/runtime/src/context';
import { createLogger } from '../../apps/runtime/src/logger';
import { createRedisClient } from '../../apps/runtime/src/scale/redis-connect';
import { createScheduleLane } from '../../apps/runtime/src/scale/schedule-lane';
import { createMisfireMarks } from '../../apps/runtime/src/scale/schedule-marks';
import { heldJobId, scheduleRunId, takeTick, tickOfJob } from '../../apps/runtime/src/scale/schedule-ticks';
import { createWorkerRuntime } from '../../apps/runtime/src/scale/worker-context';
import { MAX_TICK_RETRIES, onJobFailed } from '../../apps/runtime/src/scale/worker-failures';
import type { Store } from '../../apps/runtime/src/store/types';
import type { RunRecord } from '../../packages/engine/src/index';
import { type Cluster, catalog, makeCluster, REDIS_URL, SECRET_KEY, saveFlow } from './scale-harness';
import { slowScheduleFlow } from './schedule-flows';

let c: Cluster;
let context: RuntimeContext;
const redis = createRedisClient(REDIS_URL, 'idflow-test-failures');
const warnings: string[] = [];

beforeAll(async () => {
  c = await makeCluster();
  const logger = createLogger({ level: 'error', secrets: () => [] });
  ({ context } = await createWorkerRuntime({
    store: c.store,
    catalog,
    logger,
    config: { secretKey: SECRET_KEY, dataDir: c.dataDir, logLevel: 'error' },
  }));
  const warn = context.log.warn.bind(context.log);
  context.log.warn = ((obj: unknown, msg?: string) => {
    warnings.push(msg ?? String(obj));
    warn(obj as object, msg);
  }) as typeof context.log.warn;
}, 60_000);

afterAll(async () => {
  redis.disconnect();
  await c?.cleanup();
});

/** The store with `method` failing as if PostgreSQL were down. */
function failing(store: Store, method: keyof Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === method)
        return async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

const scheduleRun = async (flowId: string, runId: string, tickMs: number, status: RunRecord['status']) => {
  const stored = await c.store.getFlow(flowId);
  const at = new Date().toISOString();
  await c.store.saveRun({
    id: runId,
    flowId,
    flowHash: stored!.hash,
    flowVersion: stored!.version,
    trigger: { kind: 'schedule', data: { scheduledAt: new Date(tickMs).toISOString(), firedAt: at } },
    status,
    queuedAt: at,
    ...(status === 'running' ? { startedAt: at } : {}),
    steps: [],
  });
};

const deps = (ctx: RuntimeContext = context) => ({
  context: ctx,
  lane: createScheduleLane(redis, c.prefix),
  queue: c.queue.queue,
});

it('a tick job stalled too often: its running run is marked interrupted, and the lane is let go', async () => {
  await saveFlow(c, slowScheduleFlow('stalled', 'http://127.0.0.1:9', { overlap: 'skip' }));
  const tickMs = Math.floor(Date.now() / 1000) * 1000;
  const job = {
    id: `repeat:schedule:stalled:${tickMs}`,
    name: 'schedule',
    timestamp: tickMs,
    data: { flowId: 'stalled' },
  };
  const { runId } = tickOfJob(job);
  await scheduleRun('stalled', runId, tickMs, 'running');
  const lane = createScheduleLane(redis, c.prefix);
  await lane.gate('stalled', job.id, { runId, tickMs, misfire: false }, 'skip', 100);
  await onJobFailed(deps(), job, new Error('job stalled more than allowable limit'));
  expect((await c.store.getRun(runId))?.status).toBe('interrupted');
  expect(await redis.exists(`${c.prefix}:schedule-lane:stalled:holder`)).toBe(0);
});

it('a store outage while marking a stalled run is logged; the handler never rejects', async () => {
  const job = {
    id: 'run-down',
    name: 'run',
    timestamp: Date.now(),
    data: { runId: 'run-down', flowId: 'x' },
  };
  const ctx = { ...context, store: failing(context.store, 'getRun') };
  const before = warnings.length;
  await expect(onJobFailed(deps(ctx), job, new Error('job stalled more than allowable limit'))).resolves.toBe(
    undefined,
  );
  expect(warnings.slice(before).join('\n')).toMatch(/not marked/);
});

it(`a held tick that failed ${MAX_TICK_RETRIES} retries leaves the line, counted as skipped; the next one goes on`, async () => {
  await saveFlow(c, slowScheduleFlow('poison', 'http://127.0.0.1:9', { overlap: 'queue' }));
  const lane = createScheduleLane(redis, c.prefix);
  const tickMs = Math.floor(Date.now() / 1000) * 1000;
  const bad = { runId: scheduleRunId('poison-bad', tickMs), tickMs, misfire: false };
  const next = { runId: scheduleRunId('poison-next', tickMs + 1000), tickMs: tickMs + 1000, misfire: false };
  await redis.zadd(
    `${c.prefix}:schedule-lane:poison:waiting`,
    bad.tickMs,
    bad.runId,
    next.tickMs,
    next.runId,
  );
  const job = (retry: number) => ({
    id: heldJobId(bad.runId),
    name: 'schedule',
    timestamp: Date.now(),
    data: { flowId: 'poison', tickMs, runId: bad.runId, held: true, retry },
  });
  // Below the bound: handed off again (backoff), still first in line.
  await onJobFailed(deps(), job(1), new Error('boom'));
  expect((await c.queue.queue.getJob(heldJobId(bad.runId)))?.data.retry).toBe(2);
  await c.queue.queue.remove(heldJobId(bad.runId));
  expect((await lane.waiting('poison')).map((t) => t.runId)).toEqual([bad.runId, next.runId]);
  // At the bound: dropped, skipped counted, the next tick handed the lane.
  await onJobFailed(deps(), job(MAX_TICK_RETRIES), new Error('boom'));
  expect((await lane.waiting('poison')).map((t) => t.runId)).toEqual([next.runId]);
  expect(await lane.skipped('poison')).toBe(1);
  expect(await c.queue.queue.getJob(heldJobId(bad.runId))).toBeUndefined();
  expect((await c.queue.queue.getJob(heldJobId(next.runId)))?.data.runId).toBe(next.runId);
});

it('a tick failing after its run was stored marks the run failed and lets the lane go', async () => {
  await saveFlow(c, slowScheduleFlow('halfway', 'http://127.0.0.1:9', { overlap: 'skip' }));
  const tickMs = Math.floor(Date.now() / 1000) * 1000;
  const job = {
    id: `repeat:schedule:halfway:${tickMs}`,
    timestamp: tickMs,
    processedOn: tickMs,
    data: { flowId: 'halfway' },
  };
  const ctx = { ...context, store: failing(context.store, 'saveScheduleState') };
  const marks = createMisfireMarks(redis, c.prefix);
  await expect(takeTick({ ...deps(ctx), marks }, job)).rejects.toThrow(/ECONNREFUSED/);
  const run = await c.store.getRun(tickOfJob(job).runId);
  expect(run?.status).toBe('failed');
  expect(run?.error?.code).toBe('SCHEDULE_TICK_FAILED');
  expect(await redis.exists(`${c.prefix}:schedule-lane:halfway:holder`)).toBe(0);
});
