/**
 * A held tick whose run throws after it took the lane (the store failing mid-run): the next tick in line is handed
 * the lane with a backoff (retry 1), not straight into the same failure.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningWorker, startWorker } from '../../apps/runtime/src/scale/index';
import { createRedisClient } from '../../apps/runtime/src/scale/redis-connect';
import { handOff, heldJobId, scheduleRunId } from '../../apps/runtime/src/scale/schedule-ticks';
import type { Store } from '../../apps/runtime/src/store/types';
import {
  type Cluster,
  catalog,
  makeCluster,
  REDIS_URL,
  SECRET_KEY,
  saveFlow,
  waitFor,
} from './scale-harness';
import { slowScheduleFlow } from './schedule-flows';

let c: Cluster;
let worker: RunningWorker;
const redis = createRedisClient(REDIS_URL, 'idflow-test-retry');
/** getRun calls per id; the second read of `broken` fails (the tick's own read passes, the run's fails). */
const reads = new Map<string, number>();
let broken = '';

function flakyStore(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'getRun') {
        return async (id: string) => {
          const n = (reads.get(id) ?? 0) + 1;
          reads.set(id, n);
          if (id === broken && n === 2) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
          return target.getRun(id);
        };
      }
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

beforeAll(async () => {
  c = await makeCluster();
  worker = await startWorker({
    store: flakyStore(c.store),
    catalog,
    redisUrl: REDIS_URL,
    prefix: c.prefix,
    workerId: 'retry',
    config: { secretKey: SECRET_KEY, dataDir: c.dataDir, logLevel: 'error' },
  });
}, 60_000);

afterAll(async () => {
  await worker?.close();
  redis.disconnect();
  await c?.cleanup();
});

it('a run that throws after holding the lane is marked failed and hands the next tick off with retry 1', async () => {
  await saveFlow(c, slowScheduleFlow('throws', 'http://127.0.0.1:9', { overlap: 'queue' }));
  const tickMs = Math.floor(Date.now() / 1000) * 1000;
  const first = { runId: scheduleRunId('throws-1', tickMs), tickMs, misfire: false };
  const second = { runId: scheduleRunId('throws-2', tickMs + 1000), tickMs: tickMs + 1000, misfire: false };
  await redis.zadd(
    `${c.prefix}:schedule-lane:throws:waiting`,
    first.tickMs,
    first.runId,
    second.tickMs,
    second.runId,
  );
  broken = first.runId;
  await handOff(c.queue.queue, 'throws', first);
  // Without the backoff the hand-off is immediate (retry 0) and its job is gone before it can be seen.
  const job = await waitFor('the second tick handed off', async () =>
    c.queue.queue.getJob(heldJobId(second.runId)),
  );
  expect(job.data.retry).toBe(1);
  expect(reads.get(first.runId)).toBeGreaterThanOrEqual(2);
  const run = await waitFor('the thrown run closed', async () => {
    const r = await c.store.getRun(first.runId);
    return r?.status === 'failed' ? r : undefined;
  });
  expect(run.error?.code).toBe('SCHEDULE_TICK_FAILED');
});
