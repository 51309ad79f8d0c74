/** BullRunQueue (main role): one job per run id, depth and back-pressure, cancel of waiting jobs, health and metrics. */
import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import { afterAll, expect, it } from 'vitest';
import { QueueFullError } from '../queue/run-queue';
import { createBullRunQueue } from './bull-run-queue';
import { registerQueueMetrics, scaleHealth } from './scale-health';

const redisUrl = process.env.IDFLOW_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const q = createBullRunQueue({
  redisUrl,
  prefix: `idflow-test-${randomBytes(4).toString('hex')}`,
  maxDepth: 5,
});
afterAll(async () => {
  await q.queue.obliterate({ force: true });
  await q.close();
});

it('enqueues each run once, bounds the backlog and removes a waiting run on cancel', async () => {
  q.enqueue('r1', 'flow-a');
  q.enqueue('r1', 'flow-a');
  q.enqueue('r2', 'flow-a');
  await q.flush();
  await q.refreshCounts();
  expect(q.depth()).toBe(2);
  for (const id of ['r3', 'r4', 'r5']) q.enqueue(id, 'flow-b');
  expect(() => q.enqueue('r6', 'flow-b')).toThrow(QueueFullError);
  expect(q.cancel('r2')).toBe('removed');
  await q.flush();
  await q.refreshCounts();
  expect(q.depth()).toBe(4);
  expect(await q.queue.getJob('r2')).toBeUndefined();
});

it('reports Redis health and queue gauges', async () => {
  const health = await scaleHealth({ redisUrl });
  expect(health).toMatchObject({ ok: true, redis: { ok: true } });
  expect(await scaleHealth({ redisUrl: 'redis://127.0.0.1:1', timeoutMs: 500 })).toMatchObject({
    ok: false,
    redis: { ok: false },
  });
  const registry = new Registry();
  const stop = registerQueueMetrics(registry, q, { redisUrl });
  const text = await registry.metrics();
  expect(text).toContain('idflow_queue_jobs{state="waiting"} 4');
  expect(text).toContain('idflow_queue_stalled_total 0');
  await stop();
});
