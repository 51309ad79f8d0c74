/**
 * Overlap `queue` survives a worker crash: the killed worker's run is interrupted by the next worker, which then
 * frees the lane, and the held ticks run after it, in tick order, each once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createQueueScheduler } from '../../apps/runtime/src/scale/index';
import { createRedisClient } from '../../apps/runtime/src/scale/redis-connect';
import { createScheduleLane } from '../../apps/runtime/src/scale/schedule-lane';
import { type DelayServer, startDelayServer } from '../support/delay-server';
import {
  type Cluster,
  catalog,
  makeCluster,
  REDIS_URL,
  saveFlow,
  spawnWorker,
  stopChild,
  waitFor,
} from './scale-harness';
import { allRuns, slowScheduleFlow } from './schedule-flows';

let c: Cluster;
let hold: DelayServer;
const redis = createRedisClient(REDIS_URL, 'idflow-test-schedule-crash');
// Short locks: a dead worker's job (and its lane lease) is taken over within seconds.
const fastStall = {
  IDFLOW_WORKER_CONCURRENCY: '2',
  IDFLOW_LOCK_DURATION_MS: '1500',
  IDFLOW_STALLED_INTERVAL_MS: '500',
};

beforeAll(async () => {
  c = await makeCluster();
  hold = await startDelayServer('hold');
}, 60_000);

afterAll(async () => {
  redis.disconnect();
  hold?.release();
  await hold?.close();
  await c?.cleanup();
});

it('a killed holder frees the lane; held ticks then run in order, none twice', async () => {
  await saveFlow(c, slowScheduleFlow('crashq', hold.url, { overlap: 'queue' }));
  await spawnWorker(c, 'w1', fastStall);
  const lane = createScheduleLane(redis, c.prefix);
  const scheduler = createQueueScheduler({
    queue: c.queue.queue,
    redisUrl: REDIS_URL,
    store: c.store,
    catalog,
  });
  await scheduler.start();
  await waitFor('one run holding the lane, two ticks held', async () =>
    hold.seen.length >= 1 && (await lane.waiting('crashq')).length >= 2 ? true : undefined,
  );
  await c.queue.queue.removeJobScheduler('schedule:crashq');
  scheduler.stop();
  await stopChild(c.workers.get('w1')!, 'SIGKILL');
  hold.release();
  await spawnWorker(c, 'w2', fastStall);

  const runs = await waitFor('every held tick ran', async () => {
    const all = await allRuns(c.store, 'crashq');
    const open = all.some((r) => r.status === 'queued' || r.status === 'running');
    return !open && all.length >= 3 && (await lane.waiting('crashq')).length === 0 ? all : undefined;
  });
  const byTick = [...runs].sort((a, b) =>
    (a.trigger.data as { scheduledAt: string }).scheduledAt.localeCompare(
      (b.trigger.data as { scheduledAt: string }).scheduledAt,
    ),
  );
  expect(byTick[0]?.status).toBe('interrupted');
  expect(byTick.slice(1).every((r) => r.status === 'succeeded')).toBe(true);
  // In tick order, one after another.
  const rest = byTick.slice(1);
  for (let i = 1; i < rest.length; i++) {
    expect(rest[i - 1]!.finishedAt! <= rest[i]!.startedAt!).toBe(true);
  }
  // Each tick called the server once: the interrupted one was not repeated.
  const calls = hold.seen.map((s) => new URL(s.url, hold.url).searchParams.get('tick'));
  expect(new Set(calls).size).toBe(calls.length);
  expect(calls).toHaveLength(runs.length);
}, 90_000);
