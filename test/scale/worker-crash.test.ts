/** A worker killed with SIGKILL mid-run: its runs are marked interrupted by the other worker (never run twice), the rest finish. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BusEvent } from '../../apps/runtime/src/events-bus';
import { createRedisEventBridge, type RedisEventBridge } from '../../apps/runtime/src/scale/index';
import { type DelayServer, startDelayServer } from '../support/delay-server';
import {
  type Cluster,
  countByStatus,
  makeCluster,
  REDIS_URL,
  saveFlow,
  spawnWorker,
  stopChild,
  submitRun,
  transformFlow,
  waitFor,
} from './scale-harness';

let c: Cluster;
let slow: DelayServer;
let bridge: RedisEventBridge;
const events: Array<{ event: BusEvent; worker: string }> = [];
// Short locks so a dead worker's jobs are found stalled within seconds, not the default 30 s.
const fastStall = {
  IDFLOW_WORKER_CONCURRENCY: '2',
  IDFLOW_LOCK_DURATION_MS: '1500',
  IDFLOW_STALLED_INTERVAL_MS: '500',
};

beforeAll(async () => {
  c = await makeCluster();
  slow = await startDelayServer('hold');
  bridge = createRedisEventBridge({
    redisUrl: REDIS_URL,
    channel: c.channel,
    onEvent: (event, worker) => events.push({ event, worker }),
  });
  await bridge.ready;
  await saveFlow(c, transformFlow('fast'));
  await saveFlow(c, {
    schemaVersion: 1,
    id: 'slow',
    name: 'Slow call',
    nodes: [
      { id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'call',
        type: 'http.request',
        position: { x: 280, y: 0 },
        // POST: a side effect, so the run is durably `running` before it starts and is never repeated after a
        // crash. (A flow without side effects may simply be run again by the next worker, which is harmless.)
        config: { method: 'POST', url: `${slow.url}/work`, query: { run: '=trigger.id' }, timeoutMs: 60_000 },
      },
    ],
    edges: [{ from: 'start', to: 'call' }],
  });
  await Promise.all([spawnWorker(c, 'w1', fastStall), spawnWorker(c, 'w2', fastStall)]);
}, 60_000);

afterAll(async () => {
  await bridge?.close();
  slow?.release();
  await slow?.close();
  await c?.cleanup();
});

it('takes over the killed worker’s runs as interrupted and finishes everything else', async () => {
  for (let i = 0; i < 4; i++) await submitRun(c, 'slow', `slow-${i}`, { id: `slow-${i}` });
  await waitFor('four slow runs holding a request', async () => slow.seen.length >= 4);
  const startedOn = (w: string) =>
    events
      .filter((e) => e.event.type === 'run.started' && e.worker === w && e.event.runId.startsWith('slow-'))
      .map((e) => e.event.runId);
  await waitFor(
    'run.started from both workers',
    async () => startedOn('w1').length + startedOn('w2').length >= 4,
  );
  const onW1 = startedOn('w1');
  expect(onW1.length).toBeGreaterThan(0);

  await stopChild(c.workers.get('w1')!, 'SIGKILL');
  slow.release();
  slow.setDelay(0);
  for (let i = 0; i < 10; i++) await submitRun(c, 'fast', `fast-${i}`, { email: `f${i}@example.com` });

  await waitFor('no run left queued or running', async () => {
    const counts = await countByStatus(c.store);
    return !counts.queued && !counts.running ? counts : undefined;
  });
  for (const id of onW1) expect((await c.store.getRun(id))?.status).toBe('interrupted');
  for (const id of startedOn('w2')) expect((await c.store.getRun(id))?.status).toBe('succeeded');
  expect(await countByStatus(c.store, 'fast')).toEqual({ succeeded: 10 });
  // Never run twice: each slow run called the server exactly once.
  const calls = slow.seen
    .filter((s) => s.url.startsWith('/work'))
    .map((s) => new URL(s.url, slow.url).searchParams.get('run'));
  expect(calls.sort()).toEqual(['slow-0', 'slow-1', 'slow-2', 'slow-3']);
  const interrupted = await c.store.getRun(onW1[0]!);
  expect(interrupted?.error?.code).toBe('INTERRUPTED');
}, 60_000);
