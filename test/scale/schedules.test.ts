/** Schedules in queue mode: two main processes upsert the same BullMQ job scheduler; each tick fires one run. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createBullRunQueue,
  createQueueScheduler,
  type RunningWorker,
  startWorker,
} from '../../apps/runtime/src/scale/index';
import {
  type Cluster,
  catalog,
  everySecondFlow,
  makeCluster,
  REDIS_URL,
  SECRET_KEY,
  saveFlow,
} from './scale-harness';

let c: Cluster;
let worker: RunningWorker;

beforeAll(async () => {
  c = await makeCluster();
  worker = await startWorker({
    store: c.store,
    catalog,
    redisUrl: REDIS_URL,
    prefix: c.prefix,
    concurrency: 4,
    config: { secretKey: SECRET_KEY, dataDir: c.dataDir, logLevel: 'warn' },
  });
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await c?.cleanup();
});

it('fires once per tick with two main processes, each tick one run', async () => {
  await saveFlow(c, everySecondFlow());
  // Two "main" processes: each its own BullMQ connection and scheduler, both arming the same flow.
  const other = createBullRunQueue({ redisUrl: REDIS_URL, prefix: c.prefix, maxDepth: 1000 });
  const mains = [c.queue, other].map((q) =>
    createQueueScheduler({ queue: q.queue, redisUrl: REDIS_URL, store: c.store, catalog }),
  );
  const started = Date.now();
  await Promise.all(mains.map((m) => m.start()));
  expect(await c.queue.queue.getJobSchedulersCount()).toBe(1);
  await new Promise((r) => setTimeout(r, 3_500));
  // Disabling the flow removes the scheduler for every main.
  await c.store.setFlowEnabled('every-second', false);
  await mains[1]!.rearm('every-second');
  const elapsedS = (Date.now() - started) / 1000;
  expect(await c.queue.queue.getJobSchedulersCount()).toBe(0);
  await new Promise((r) => setTimeout(r, 500));

  const runs = (await c.store.listRuns({ flowId: 'every-second', limit: 100 })).items;
  const ticks = runs.map((r) => (r.trigger.data as { scheduledAt: string }).scheduledAt);
  expect(new Set(ticks).size).toBe(ticks.length);
  expect(runs.length).toBeGreaterThanOrEqual(2);
  expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsedS) + 1);
  expect(runs.every((r) => r.trigger.kind === 'schedule' && r.status === 'succeeded')).toBe(true);
  for (const m of mains) m.stop();
  await other.close();
}, 30_000);
