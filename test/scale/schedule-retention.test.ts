/**
 * Queue-mode schedules keep Redis bounded: tick jobs are removed once done (the scheduler's job template), and a
 * main's start drops the lane keys of flows deleted while no main ran.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createQueueScheduler, startWorker } from '../../apps/runtime/src/scale/index';
import { schedulerId, upsertSchedule } from '../../apps/runtime/src/scale/queue-schedules';
import { createRedisClient } from '../../apps/runtime/src/scale/redis-connect';
import {
  type Cluster,
  catalog,
  everySecondFlow,
  makeCluster,
  REDIS_URL,
  SECRET_KEY,
  saveFlow,
  waitFor,
} from './scale-harness';

let c: Cluster;
const redis = createRedisClient(REDIS_URL, 'idflow-test-retention');

beforeAll(async () => {
  c = await makeCluster();
}, 60_000);

afterAll(async () => {
  redis.disconnect();
  await c?.cleanup();
});

it('the job scheduler’s template removes finished tick jobs (a day / 1000 completed, a week failed)', async () => {
  await saveFlow(c, everySecondFlow());
  const scheduler = createQueueScheduler({
    queue: c.queue.queue,
    redisUrl: REDIS_URL,
    store: c.store,
    catalog,
  });
  await scheduler.start();
  scheduler.stop();
  const s = await c.queue.queue.getJobScheduler(schedulerId('every-second'));
  expect(s?.template?.opts?.removeOnComplete).toEqual({ age: 86_400, count: 1000 });
  expect(s?.template?.opts?.removeOnFail).toEqual({ age: 7 * 86_400 });
  await c.queue.queue.removeJobScheduler(schedulerId('every-second'));
});

it('completed tick jobs stay bounded however many ticks fire', async () => {
  // A test-only bound of 3 so a few fast ticks show it; production keeps 1000.
  await upsertSchedule(c.queue.queue, 'bounded', { every: 100 }, { count: 3 });
  // No such flow in the store: each tick job is taken and completes as skipped.
  const worker = await startWorker({
    store: c.store,
    catalog,
    redisUrl: REDIS_URL,
    prefix: c.prefix,
    workerId: 'retention',
    config: { secretKey: SECRET_KEY, dataDir: c.dataDir, logLevel: 'error' },
  });
  await waitFor('ten ticks fired', async () => {
    const s = await c.queue.queue.getJobScheduler(schedulerId('bounded'));
    return (s?.iterationCount ?? 0) >= 10;
  });
  await c.queue.queue.removeJobScheduler(schedulerId('bounded'));
  await worker.close();
  expect(await c.queue.queue.getCompletedCount()).toBeGreaterThan(0);
  expect(await c.queue.queue.getCompletedCount()).toBeLessThanOrEqual(3);
}, 30_000);

it('a main’s start drops the lane keys of a flow deleted while no main ran', async () => {
  const base = `${c.prefix}:schedule-lane:gone`;
  await redis.zadd(`${base}:waiting`, Date.now(), 'some-run');
  await redis.set(`${base}:holder`, 'some-job', 'PX', 60_000);
  await redis.zadd(`${c.prefix}:schedule-lane:every-second:waiting`, Date.now(), 'kept-run');
  await saveFlow(c, {
    ...everySecondFlow(),
    nodes: everySecondFlow().nodes.map((n) =>
      n.type === 'trigger.schedule' ? { ...n, config: { cron: '0 0 1 1 *', overlap: 'queue' } } : n,
    ),
  });
  const scheduler = createQueueScheduler({
    queue: c.queue.queue,
    redisUrl: REDIS_URL,
    store: c.store,
    catalog,
  });
  await scheduler.start();
  scheduler.stop();
  expect(await redis.exists(`${base}:waiting`, `${base}:holder`)).toBe(0);
  expect(await redis.zcard(`${c.prefix}:schedule-lane:every-second:waiting`)).toBe(1);
  await c.queue.queue.removeJobScheduler(schedulerId('every-second'));
});
