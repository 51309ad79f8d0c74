/** One main (in this process) and two worker processes: a run end to end, then 1,000 runs each executed exactly once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../apps/runtime/src/events-bus';
import { createRedisEventBridge, type RedisEventBridge } from '../../apps/runtime/src/scale/index';
import {
  type Cluster,
  countByStatus,
  makeCluster,
  REDIS_URL,
  saveFlow,
  spawnWorker,
  submitRun,
  transformFlow,
  waitFor,
} from './scale-harness';

describe('queue mode: main + two workers', () => {
  let c: Cluster;
  let bridge: RedisEventBridge;
  const events: Array<{ event: BusEvent; worker: string }> = [];
  beforeAll(async () => {
    c = await makeCluster();
    bridge = createRedisEventBridge({
      redisUrl: REDIS_URL,
      channel: c.channel,
      onEvent: (event, worker) => events.push({ event, worker }),
    });
    await bridge.ready;
    await saveFlow(c, transformFlow('greet'));
    await Promise.all([
      spawnWorker(c, 'w1', { IDFLOW_WORKER_CONCURRENCY: '8' }),
      spawnWorker(c, 'w2', { IDFLOW_WORKER_CONCURRENCY: '8' }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await bridge?.close();
    await c?.cleanup();
  });

  it('runs a flow end to end: stored record, output, and its events reach the main', async () => {
    await submitRun(c, 'greet', 'e2e-1', { email: 'ada@example.com' });
    const run = await waitFor('the run to finish', async () => {
      const r = await c.store.getRun('e2e-1');
      return r && r.status !== 'queued' && r.status !== 'running' ? r : undefined;
    });
    expect(run.status).toBe('succeeded');
    expect(run.steps.find((s) => s.nodeId === 'map')?.output).toEqual({ user: 'ada@example.com' });
    await waitFor('run.finished on the bridge', async () =>
      events.some((e) => e.event.type === 'run.finished' && e.event.runId === 'e2e-1'),
    );
    const types = events.filter((e) => e.event.runId === 'e2e-1').map((e) => e.event.type);
    expect(types).toContain('run.started');
    expect(types).toContain('step.finished');
  });

  it('executes 1,000 runs exactly once, spread over both workers', async () => {
    const n = 1000;
    for (let i = 0; i < n; i++)
      await submitRun(c, 'greet', `bulk-${String(i).padStart(4, '0')}`, { email: `u${i}@example.com` });
    // Enqueuing the same run again never makes a second job.
    for (let i = 0; i < 50; i++) c.queue.enqueue(`bulk-${String(i).padStart(4, '0')}`, 'greet');
    await c.queue.flush();
    const counts = await waitFor(
      'all runs final',
      async () => {
        // Counted status by status, so a run moving on may show twice in one pass: wait for a settled pass.
        const byStatus = await countByStatus(c.store, 'greet');
        const inFlight = (byStatus.queued ?? 0) + (byStatus.running ?? 0);
        return (byStatus.succeeded ?? 0) >= n + 1 && inFlight === 0 ? byStatus : undefined;
      },
      90_000,
    );
    expect(counts).toEqual({ succeeded: n + 1 });
    await waitFor(
      'every run.finished event',
      async () => events.filter((e) => e.event.type === 'run.finished').length >= n + 1,
    );
    const started = events.filter((e) => e.event.type === 'run.started' && e.event.runId.startsWith('bulk-'));
    const perRun = new Map<string, number>();
    for (const e of started) perRun.set(e.event.runId, (perRun.get(e.event.runId) ?? 0) + 1);
    expect(perRun.size).toBe(n);
    expect([...perRun.values()].every((v) => v === 1)).toBe(true);
    const perWorker = { w1: 0, w2: 0 } as Record<string, number>;
    for (const e of started) perWorker[e.worker] = (perWorker[e.worker] ?? 0) + 1;
    expect(Object.keys(perWorker).sort()).toEqual(['w1', 'w2']);
    expect(perWorker.w1! + perWorker.w2!).toBe(n);
    // Both took a real share (BullMQ hands jobs to whichever worker asks; neither should starve).
    expect(Math.min(perWorker.w1!, perWorker.w2!)).toBeGreaterThan(n * 0.2);
  }, 120_000);
});
