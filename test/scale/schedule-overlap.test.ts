/**
 * Schedule overlap and misfire in queue mode, two workers, per-second ticks and a slow flow: `skip` never overlaps,
 * `queue` runs held ticks one after another in tick order (bounded line), misfire `runOnce` catches up once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBullRunQueue } from '../../apps/runtime/src/scale/bull-run-queue';
import { createQueueScheduler, type RunningWorker, startWorker } from '../../apps/runtime/src/scale/index';
import { createRedisClient } from '../../apps/runtime/src/scale/redis-connect';
import { createScheduleLane } from '../../apps/runtime/src/scale/schedule-lane';
import { MAX_PENDING } from '../../apps/runtime/src/schedules/scheduler';
import type { RunRecord } from '../../packages/engine/src/index';
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
let slow: DelayServer;
const workers: RunningWorker[] = [];
const redis = createRedisClient(REDIS_URL, 'idflow-test-overlap');

beforeAll(async () => {
  c = await makeCluster();
  slow = await startDelayServer(1200);
  for (const id of ['w1', 'w2']) {
    workers.push(
      await startWorker({
        store: c.store,
        catalog,
        redisUrl: REDIS_URL,
        prefix: c.prefix,
        workerId: id,
        concurrency: 4,
        config: { secretKey: SECRET_KEY, dataDir: c.dataDir, logLevel: 'warn' },
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  for (const w of workers) await w.close();
  redis.disconnect();
  await slow?.close();
  await c?.cleanup();
});

const scheduler = () =>
  createQueueScheduler({ queue: c.queue.queue, redisUrl: REDIS_URL, store: c.store, catalog });
const stopTicks = (flowId: string) => c.queue.queue.removeJobScheduler(`schedule:${flowId}`);
/** Waits until every held tick ran, then disables the flow so a later test's scheduler does not arm it again. */
const settled = async (flowId: string) => {
  const runs = await waitFor(`${flowId}: no run queued or running, nothing held`, async () => {
    const lane = createScheduleLane(redis, c.prefix);
    const all = await allRuns(c.store, flowId);
    const open = all.some((r) => r.status === 'queued' || r.status === 'running');
    return !open && (await lane.waiting(flowId)).length === 0 ? all : undefined;
  });
  await c.store.setFlowEnabled(flowId, false);
  return runs;
};
const tickOf = (r: RunRecord) => Date.parse((r.trigger.data as { scheduledAt: string }).scheduledAt);
const byStart = (runs: RunRecord[]) =>
  [...runs].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
/** Each run finished before the next one started. */
const oneAtATime = (runs: RunRecord[]) =>
  byStart(runs).every((r, i, all) => i === 0 || (all[i - 1]!.finishedAt ?? '') <= (r.startedAt ?? ''));

it('overlap skip: ticks during a run are skipped and counted, runs never overlap', async () => {
  await saveFlow(c, slowScheduleFlow('skipper', slow.url, { overlap: 'skip' }));
  const s = scheduler();
  await s.start();
  await new Promise((r) => setTimeout(r, 4_500));
  await stopTicks('skipper');
  const runs = await settled('skipper');
  s.stop();
  const lane = createScheduleLane(redis, c.prefix);
  expect(runs.length).toBeGreaterThanOrEqual(2);
  expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
  expect(oneAtATime(runs)).toBe(true);
  expect(await lane.skipped('skipper')).toBeGreaterThanOrEqual(1);
}, 60_000);

it('overlap queue: held ticks run one after another in tick order, none skipped', async () => {
  await saveFlow(c, slowScheduleFlow('queuer', slow.url, { overlap: 'queue' }));
  const s = scheduler();
  await s.start();
  await new Promise((r) => setTimeout(r, 3_500));
  await stopTicks('queuer');
  const runs = await settled('queuer');
  s.stop();
  // Ticks came faster than runs finish, so some were held, and every one of them ran.
  expect(runs.length).toBeGreaterThanOrEqual(3);
  expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
  expect(oneAtATime(runs)).toBe(true);
  const ticks = byStart(runs).map(tickOf);
  expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
  expect(new Set(ticks).size).toBe(ticks.length);
  expect(await createScheduleLane(redis, c.prefix).skipped('queuer')).toBe(0);
}, 60_000);

it(`overlap queue: beyond ${MAX_PENDING} held ticks a tick is skipped and counted`, async () => {
  const hold = await startDelayServer('hold');
  const lane = createScheduleLane(redis, c.prefix);
  // A full line of ticks far in the future (behind any real tick, so the first real tick still takes the lane).
  const far = Date.parse('2200-01-01T00:00:00Z');
  const key = `${c.prefix}:schedule-lane:full:waiting`;
  for (let i = 0; i < MAX_PENDING; i++) await redis.zadd(key, far + i * 1000, `fake-${i}`);
  await saveFlow(c, slowScheduleFlow('full', hold.url, { overlap: 'queue' }));
  const s = scheduler();
  await s.start();
  await waitFor('two ticks skipped for a full line', async () => (await lane.skipped('full')) >= 2);
  await stopTicks('full');
  await lane.clear('full');
  hold.release();
  const runs = await settled('full');
  s.stop();
  await hold.close();
  expect(runs).toHaveLength(1);
  expect(runs[0]?.status).toBe('succeeded');
}, 60_000);

it('misfire runOnce: two mains starting together add exactly one catch-up for a missed tick', async () => {
  const lastMs = Math.floor(Date.now() / 1000) * 1000 - 10_000;
  await saveFlow(c, slowScheduleFlow('catchup', slow.url, { overlap: 'allow', misfire: 'runOnce' }));
  await c.store.saveScheduleState({ flowId: 'catchup', lastFireAt: new Date(lastMs).toISOString() });
  const other = createBullRunQueue({ redisUrl: REDIS_URL, prefix: c.prefix, maxDepth: 1000 });
  const mains = [c.queue, other].map((q) =>
    createQueueScheduler({ queue: q.queue, redisUrl: REDIS_URL, store: c.store, catalog }),
  );
  await Promise.all(mains.map((m) => m.start()));
  await new Promise((r) => setTimeout(r, 2_500));
  await stopTicks('catchup');
  const runs = await settled('catchup');
  for (const m of mains) m.stop();
  await other.close();
  const catchUps = runs.filter((r) => (r.trigger.data as { misfire?: boolean }).misfire === true);
  expect(catchUps).toHaveLength(1);
  expect(tickOf(catchUps[0]!)).toBe(lastMs + 1000);
  // The regular ticks went on beside it.
  expect(runs.length).toBeGreaterThan(1);
}, 60_000);
