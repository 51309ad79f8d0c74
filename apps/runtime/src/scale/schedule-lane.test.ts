/** The schedule lane on real Redis: skip while held, held ticks in tick order, the bound, leases. */
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { createRedisClient } from './redis-connect';
import { createScheduleLane } from './schedule-lane';

const redis = createRedisClient(
  process.env.IDFLOW_TEST_REDIS ?? 'redis://127.0.0.1:6379',
  'idflow-test-lane',
);
const prefix = `idflow-test-${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const tick = (n: number) => ({ runId: `run-${n}`, tickMs: n * 1000, misfire: false });

it('skip: a tick while the lane is held is skipped and counted; a re-delivered holder holds again', async () => {
  const lane = createScheduleLane(redis, prefix);
  expect(await lane.gate('skip', 'job-1', tick(1), 'skip', 100)).toEqual({ state: 'hold' });
  expect(await lane.gate('skip', 'job-1', tick(1), 'skip', 100)).toEqual({ state: 'hold' });
  expect(await lane.gate('skip', 'job-2', tick(2), 'skip', 100)).toEqual({ state: 'skipped' });
  expect(await lane.skipped('skip')).toBe(1);
  expect(await lane.release('skip', 'job-2')).toBeUndefined();
  expect(await lane.gate('skip', 'job-3', tick(3), 'skip', 100)).toEqual({ state: 'skipped' });
  expect(await lane.release('skip', 'job-1')).toBeUndefined();
  expect(await lane.gate('skip', 'job-4', tick(4), 'skip', 100)).toEqual({ state: 'hold' });
});

it('queue: held ticks are handed the lane in tick order, at most `max` waiting, the rest skipped', async () => {
  const lane = createScheduleLane(redis, prefix);
  expect((await lane.gate('q', 'job-1', tick(1), 'queue', 2)).state).toBe('hold');
  // Concurrent ticks from several workers, arriving out of order.
  const states = await Promise.all(
    [3, 2].map((n) => lane.gate('q', `job-${n}`, tick(n), 'queue', 2).then((g) => g.state)),
  );
  expect(states).toEqual(['waiting', 'waiting']);
  expect((await lane.gate('q', 'job-4', tick(4), 'queue', 2)).state).toBe('skipped');
  expect(await lane.skipped('q')).toBe(1);
  expect((await lane.waiting('q')).map((t) => t.runId)).toEqual(['run-2', 'run-3']);

  const order: string[] = [];
  let next = await lane.release('q', 'job-1');
  while (next) {
    order.push(next.runId);
    const token = `held-${next.runId}`;
    expect(await lane.gate('q', token, next, 'queue', Number.POSITIVE_INFINITY)).toEqual({ state: 'hold' });
    // Someone else's tick meanwhile waits behind.
    if (next.runId === 'run-2')
      expect((await lane.gate('q', 'job-5', tick(5), 'queue', 2)).state).toBe('waiting');
    next = await lane.release('q', token);
  }
  expect(order).toEqual(['run-2', 'run-3', 'run-5']);
  expect(await lane.waiting('q')).toEqual([]);
});

it('a dead holder’s lease ends; the next tick hands the lane to the earlier held one first', async () => {
  const lane = createScheduleLane(redis, prefix, { leaseMs: 200 });
  expect((await lane.gate('lease', 'dead', tick(1), 'queue', 100)).state).toBe('hold');
  expect((await lane.gate('lease', 'job-2', tick(2), 'queue', 100)).state).toBe('waiting');
  await new Promise((r) => setTimeout(r, 300));
  // The dead holder never released (its hand-off of run-2 never happened): tick 3 passes the lane to run-2.
  const g = await lane.gate('lease', 'job-3', tick(3), 'queue', 100);
  expect(g).toEqual({ state: 'handoff', first: tick(2), waits: true });
  expect((await lane.gate('lease', 'held-run-2', tick(2), 'queue', Infinity)).state).toBe('hold');
  // The dead holder's job, delivered again late, no longer holds and does not free the lane.
  expect(await lane.release('lease', 'dead')).toBeUndefined();
  expect((await lane.release('lease', 'held-run-2'))?.runId).toBe('run-3');
});

it('clear drops the held ticks', async () => {
  const lane = createScheduleLane(redis, prefix);
  await lane.gate('c', 'job-1', tick(1), 'queue', 100);
  await lane.gate('c', 'job-2', { ...tick(2), misfire: true }, 'queue', 100);
  expect(await lane.waiting('c')).toEqual([{ ...tick(2), misfire: true }]);
  await lane.clear('c');
  expect(await lane.waiting('c')).toEqual([]);
});
