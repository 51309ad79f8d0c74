/** Misfire marks on real Redis: one catch-up per gap across mains, and a tick's own job vs a catch-up of it. */
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { createRedisClient } from './redis-connect';
import { createMisfireMarks, forgetFlow, pruneFlows } from './schedule-marks';

const redis = createRedisClient(
  process.env.IDFLOW_TEST_REDIS ?? 'redis://127.0.0.1:6379',
  'idflow-test-marks',
);
const prefix = `idflow-test-${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

it('a catch-up is claimed once, and covers the ticks up to its cover time', async () => {
  const marks = createMisfireMarks(redis, prefix);
  const claims = await Promise.all([1, 2, 3].map(() => marks.claimCatchUp('m', 5_000, 10_000)));
  expect(claims.filter(Boolean)).toHaveLength(1);
  expect(await marks.claimCatchUp('m', 8_000, 11_000)).toBe(false);
  // A tick job at or below the cover is the catch-up's; a later one runs.
  expect(await marks.tick('m', 9_000, false, 9_000)).toBe('skip');
  expect(await marks.tick('m', 11_000, false, 11_000)).toBe('run');
  expect(await marks.claimCatchUp('m', 11_000, 14_000)).toBe(false);
  expect(await marks.claimCatchUp('m', 12_000, 14_000)).toBe(true);
});

it('a late tick is the catch-up for the ticks before it was taken, and never covers the next one', async () => {
  const marks = createMisfireMarks(redis, prefix);
  // Taken at 20 s: BullMQ fires the next tick after 20 s; a main starting later finds 11..20 s decided.
  expect(await marks.tick('late', 10_000, true, 20_000)).toBe('misfire');
  expect(await marks.claimCatchUp('late', 11_000, 30_000)).toBe(false);
  expect(await marks.tick('late', 21_000, true, 25_000)).toBe('misfire');
  expect(await marks.tick('late', 26_000, false, 26_000)).toBe('run');
});

it('a tick taken after a real gap does not refuse the catch-up of the gap', async () => {
  const marks = createMisfireMarks(redis, prefix);
  expect(await marks.tick('gap', 30_000, false, 30_000)).toBe('run');
  expect(await marks.claimCatchUp('gap', 20_000, 31_000)).toBe(true);
});

it('forgetFlow and pruneFlows drop per-flow entries', async () => {
  for (const key of ['schedule-skipped', 'schedule-misfire', 'schedule-seen']) {
    await redis.hset(`${prefix}:${key}`, 'a', '1', 'b', '1', 'c', '1');
  }
  await forgetFlow(redis, prefix, 'a');
  await pruneFlows(redis, prefix, new Set(['b']));
  for (const key of ['schedule-skipped', 'schedule-misfire', 'schedule-seen']) {
    expect(await redis.hkeys(`${prefix}:${key}`)).toEqual(['b']);
  }
});
