/**
 * Queue-mode schedules with two in-process workers: a main restarting during a long queued run adds no duplicate
 * tick, a held tick's job neither spins while the store fails nor polls while an earlier tick holds the lane.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createQueueScheduler, type RunningWorker, startWorker } from '../../apps/runtime/src/scale/index';
import { createRedisClient } from '../../apps/runtime/src/scale/redis-connect';
import { createScheduleLane } from '../../apps/runtime/src/scale/schedule-lane';
import { handOff, scheduleRunId } from '../../apps/runtime/src/scale/schedule-ticks';
import type { Store } from '../../apps/runtime/src/store/types';
import { type DelayServer, startDelayServer } from '../support/delay-server';
import {
  type Cluster,
  catalog,
  makeCluster,
  REDIS_URL,
  SECRET_KEY,
  saveFlow,
  waitFor,
} from './scale-harness';
import { allRuns, slowScheduleFlow } from './schedule-flows';

let c: Cluster;
let hold: DelayServer;
const workers: RunningWorker[] = [];
const redis = createRedisClient(REDIS_URL, 'idflow-test-handoff');
/** getRun calls per run id, and the run ids whose reads fail (the store is "down" for them). */
const reads = new Map<string, number>();
const failing = new Set<string>();

/** The cluster's store, counting getRun per id and failing it for the ids in `failing`. */
function watchedStore(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'getRun') {
        return async (id: string) => {
          reads.set(id, (reads.get(id) ?? 0) + 1);
          if (failing.has(id)) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
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
  hold = await startDelayServer('hold');
  for (const id of ['w1', 'w2']) {
    workers.push(
      await startWorker({
        store: watchedStore(c.store),
        catalog,
        redisUrl: REDIS_URL,
        prefix: c.prefix,
        workerId: id,
        concurrency: 4,
        config: { secretKey: SECRET_KEY, dataDir: c.dataDir, logLevel: 'error' },
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  for (const w of workers) await w.close();
  redis.disconnect();
  hold?.release();
  await hold?.close();
  await c?.cleanup();
});

const scheduler = () =>
  createQueueScheduler({ queue: c.queue.queue, redisUrl: REDIS_URL, store: c.store, catalog });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tickOf = (scheduledAt: unknown) => (scheduledAt as { scheduledAt: string }).scheduledAt;

it('a main restarting while ticks wait behind a long run adds no second run of a waiting tick', async () => {
  const lane = createScheduleLane(redis, c.prefix);
  await saveFlow(c, slowScheduleFlow('restart', hold.url, { overlap: 'queue', misfire: 'runOnce' }));
  const first = scheduler();
  await first.start();
  await waitFor('a run holding the lane, two ticks waiting', async () =>
    hold.seen.length >= 1 && (await lane.waiting('restart')).length >= 2 ? true : undefined,
  );
  // Rolling restart of the only main: the workers kept firing ticks meanwhile.
  first.stop();
  const second = scheduler();
  await second.start();
  await c.queue.queue.removeJobScheduler('schedule:restart');
  second.stop();
  hold.release();
  const runs = await waitFor('every waiting tick ran', async () => {
    const all = await allRuns(c.store, 'restart');
    const open = all.some((r) => r.status === 'queued' || r.status === 'running');
    return !open && (await lane.waiting('restart')).length === 0 ? all : undefined;
  });
  await c.store.setFlowEnabled('restart', false);
  const ticks = runs.map((r) => tickOf(r.trigger.data));
  expect(runs.length).toBeGreaterThanOrEqual(3);
  expect(new Set(ticks).size).toBe(ticks.length);
}, 60_000);

it('a held tick whose store reads fail is handed off again with a backoff, then runs once the store is back', async () => {
  const fast = await startDelayServer(0);
  await saveFlow(c, slowScheduleFlow('down', fast.url, { overlap: 'queue' }));
  const tickMs = Math.floor(Date.now() / 1000) * 1000;
  const tick = { runId: scheduleRunId('down-tick', tickMs), tickMs, misfire: false };
  await redis.zadd(`${c.prefix}:schedule-lane:down:waiting`, tickMs, tick.runId);
  failing.add(tick.runId);
  await handOff(c.queue.queue, 'down', tick);
  await waitFor('the held job tried once', async () => (reads.get(tick.runId) ?? 0) >= 1);
  const before = reads.get(tick.runId) ?? 0;
  await sleep(1_500);
  // Without a backoff the failed job re-adds itself at once: hundreds of reads in this time.
  expect((reads.get(tick.runId) ?? 0) - before).toBeLessThanOrEqual(3);
  failing.delete(tick.runId);
  const run = await waitFor('the held tick ran', async () => {
    const r = await c.store.getRun(tick.runId);
    return r?.status === 'succeeded' ? r : undefined;
  });
  expect(tickOf(run.trigger.data)).toBe(new Date(tickMs).toISOString());
  await fast.close();
}, 60_000);

it('a held tick behind an earlier tick holding the lane waits without polling and runs when handed off', async () => {
  const fast = await startDelayServer(0);
  const lane = createScheduleLane(redis, c.prefix);
  await saveFlow(c, slowScheduleFlow('nopoll', fast.url, { overlap: 'queue' }));
  const tickMs = Math.floor(Date.now() / 1000) * 1000;
  const head = { runId: scheduleRunId('nopoll-head', tickMs), tickMs, misfire: false };
  await redis.zadd(`${c.prefix}:schedule-lane:nopoll:waiting`, tickMs, head.runId);
  // A misfire catch-up for an earlier tick takes the free lane ahead of the head.
  const early = { runId: 'early', tickMs: tickMs - 60_000, misfire: true };
  expect((await lane.gate('nopoll', 'misfire-job', early, 'queue', 100)).state).toBe('hold');
  await handOff(c.queue.queue, 'nopoll', head);
  await waitFor('the head’s job looked at the lane', async () => (reads.get(head.runId) ?? 0) >= 1);
  const before = reads.get(head.runId) ?? 0;
  await sleep(1_500);
  expect((reads.get(head.runId) ?? 0) - before).toBe(0);
  expect((await lane.waiting('nopoll')).map((t) => t.runId)).toEqual([head.runId]);
  // The catch-up ends: its worker hands the lane to the head.
  const next = await lane.release('nopoll', 'misfire-job');
  expect(next?.runId).toBe(head.runId);
  if (next) await handOff(c.queue.queue, 'nopoll', next);
  await waitFor('the head ran', async () =>
    (await c.store.getRun(head.runId))?.status === 'succeeded' ? true : undefined,
  );
  await fast.close();
}, 60_000);
