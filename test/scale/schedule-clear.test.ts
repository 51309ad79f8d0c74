/**
 * Clearing a flow's line (disabled, or no longer `queue`): a tick in line that already has a stored run (a
 * re-delivered holder put back in line) is marked interrupted, never left `queued`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createQueueScheduler } from '../../apps/runtime/src/scale/index';
import { schedulerId } from '../../apps/runtime/src/scale/queue-schedules';
import { createRedisClient } from '../../apps/runtime/src/scale/redis-connect';
import { createScheduleLane } from '../../apps/runtime/src/scale/schedule-lane';
import { scheduleRunId } from '../../apps/runtime/src/scale/schedule-ticks';
import type { Flow } from '../../packages/engine/src/index';
import { type Cluster, catalog, makeCluster, REDIS_URL, saveFlow } from './scale-harness';
import { slowScheduleFlow } from './schedule-flows';

let c: Cluster;
const redis = createRedisClient(REDIS_URL, 'idflow-test-clear');

beforeAll(async () => {
  c = await makeCluster();
}, 60_000);

afterAll(async () => {
  redis.disconnect();
  await c?.cleanup();
});

/** A once-a-year schedule: no tick fires during the test. */
const yearly = (id: string, overlap: 'skip' | 'queue'): Flow => {
  const f = slowScheduleFlow(id, 'http://127.0.0.1:9', { overlap });
  return {
    ...f,
    nodes: f.nodes.map((n) =>
      n.type === 'trigger.schedule' ? { ...n, config: { cron: '0 0 1 1 *', overlap } } : n,
    ),
  };
};

/** One tick in line with a stored `queued` run, one without a run (the usual case). */
async function lineWithStoredRun(flowId: string): Promise<string> {
  const tickMs = Math.floor(Date.now() / 1000) * 1000;
  const stored = scheduleRunId(`${flowId}-stored`, tickMs);
  const flow = await c.store.getFlow(flowId);
  await c.store.saveRun({
    id: stored,
    flowId,
    flowHash: flow!.hash,
    flowVersion: flow!.version,
    trigger: { kind: 'schedule', data: { scheduledAt: new Date(tickMs).toISOString() } },
    status: 'queued',
    queuedAt: new Date().toISOString(),
    steps: [],
  });
  const waiting = `${c.prefix}:schedule-lane:${flowId}:waiting`;
  await redis.zadd(waiting, tickMs, stored, tickMs + 1000, scheduleRunId(`${flowId}-bare`, tickMs + 1000));
  return stored;
}

it.each([
  ['overlap changed to skip', (id: string) => saveFlow(c, yearly(id, 'skip'))],
  ['flow disabled', (id: string) => c.store.setFlowEnabled(id, false)],
])('%s: the line is cleared and its stored run interrupted', async (_what, change) => {
  const id = `clear-${_what.split(' ')[1]}`;
  await saveFlow(c, yearly(id, 'queue'));
  const scheduler = createQueueScheduler({
    queue: c.queue.queue,
    redisUrl: REDIS_URL,
    store: c.store,
    catalog,
  });
  await scheduler.start();
  const stored = await lineWithStoredRun(id);
  await change(id);
  await scheduler.rearm(id);
  scheduler.stop();
  expect(await createScheduleLane(redis, c.prefix).waiting(id)).toEqual([]);
  const run = await c.store.getRun(stored);
  expect(run?.status).toBe('interrupted');
  expect(run?.error?.message).toMatch(/line/);
  await c.queue.queue.removeJobScheduler(schedulerId(id));
});
