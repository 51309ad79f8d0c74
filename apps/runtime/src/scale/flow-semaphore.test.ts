/** Per-flow slots across workers: at most `limit` holders, re-entrant for the same run, freed on release or lease end. */
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { createFlowSemaphore } from './flow-semaphore';
import { createRedisClient } from './redis-connect';

const redis = createRedisClient(process.env.IDFLOW_TEST_REDIS ?? 'redis://127.0.0.1:6379', 'idflow-test-sem');
const prefix = `idflow-test-${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

it('gives out at most `limit` slots per flow, also to concurrent callers', async () => {
  const sem = createFlowSemaphore(redis, prefix, 2);
  const got = await Promise.all(['a', 'b', 'c', 'd'].map((id) => sem.acquire('onboard', id)));
  expect(got.filter(Boolean)).toHaveLength(2);
  expect(await sem.acquire('other-flow', 'x')).toBe(true);
  const holder = ['a', 'b', 'c', 'd'][got.indexOf(true)]!;
  expect(await sem.acquire('onboard', holder)).toBe(true);
  await sem.release('onboard', holder);
  expect(await sem.acquire('onboard', 'e')).toBe(true);
  expect(await sem.acquire('onboard', 'f')).toBe(false);
});

it('frees the slot of a holder whose lease ran out (a crashed worker)', async () => {
  const sem = createFlowSemaphore(redis, prefix, 1, 200);
  expect(await sem.acquire('lease', 'dead')).toBe(true);
  expect(await sem.acquire('lease', 'next')).toBe(false);
  await new Promise((r) => setTimeout(r, 300));
  expect(await sem.acquire('lease', 'next')).toBe(true);
});
