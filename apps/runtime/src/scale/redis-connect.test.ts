/** Reaching Redis: a fast, clear error when nothing listens, and a ping time when it does. */
import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { checkRedis, RedisUnavailableError } from './redis-connect';

const REDIS_URL = process.env.IDFLOW_TEST_REDIS ?? 'redis://127.0.0.1:6379';

it('names host:port and what to check when Redis is not reachable, without hanging', async () => {
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
  const err = await checkRedis(`redis://127.0.0.1:${port}`, 1_000).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RedisUnavailableError);
  expect((err as Error).message).toContain(`127.0.0.1:${port}`);
  expect((err as Error).message).toMatch(/IDFLOW_REDIS_URL/);
});

it('times out on a server that accepts but never answers', async () => {
  const silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const addr = silent.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const err = await checkRedis(`redis://127.0.0.1:${port}`, 300).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RedisUnavailableError);
  expect((err as Error).message).toMatch(/300 ms|timeout/i);
  silent.close();
});

it('answers a ping from the local Redis', async () => {
  expect(await checkRedis(REDIS_URL)).toBeGreaterThanOrEqual(0);
});
