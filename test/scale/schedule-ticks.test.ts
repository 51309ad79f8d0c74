/**
 * takeTick on real Redis/PG with hand-made tick jobs (no workers): a stuck run under `skip`, a tick accepted into
 * the line saving lastFireAt, a slow backlog not dropping the next tick, and the per-flow hashes removed with the flow.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RuntimeContext } from '../../apps/runtime/src/context';
import { createLogger } from '../../apps/runtime/src/logger';
import { createQueueScheduler } from '../../apps/runtime/src/scale/index';
import { createRedisClient } from '../../apps/runtime/src/scale/redis-connect';
import { createScheduleLane } from '../../apps/runtime/src/scale/schedule-lane';
import { createMisfireMarks } from '../../apps/runtime/src/scale/schedule-marks';
import { type TickJob, takeTick } from '../../apps/runtime/src/scale/schedule-ticks';
import { createWorkerRuntime } from '../../apps/runtime/src/scale/worker-context';
import { type Cluster, catalog, makeCluster, REDIS_URL, SECRET_KEY, saveFlow } from './scale-harness';
import { slowScheduleFlow } from './schedule-flows';

let c: Cluster;
let context: RuntimeContext;
const redis = createRedisClient(REDIS_URL, 'idflow-test-ticks');

beforeAll(async () => {
  c = await makeCluster();
  const logger = createLogger({ level: 'warn', secrets: () => [] });
  ({ context } = await createWorkerRuntime({
    store: c.store,
    catalog,
    logger,
    config: { secretKey: SECRET_KEY, dataDir: c.dataDir, logLevel: 'warn' },
  }));
}, 60_000);

afterAll(async () => {
  redis.disconnect();
  await c?.cleanup();
});

const deps = (ctx: RuntimeContext = context) => ({
  context: ctx,
  lane: createScheduleLane(redis, c.prefix),
  marks: createMisfireMarks(redis, c.prefix),
  queue: c.queue.queue,
});
/** A job as the flow's BullMQ job scheduler makes it (id `repeat:schedule:<flowId>:<tickMs>`). */
const schedulerJob = (flowId: string, tickMs: number, processedOn?: number): TickJob => ({
  id: `repeat:schedule:${flowId}:${tickMs}`,
  data: { flowId },
  timestamp: tickMs,
  ...(processedOn !== undefined ? { processedOn } : {}),
});
const second = () => Math.floor(Date.now() / 1000) * 1000;
const atClock = (ms: () => number): RuntimeContext => ({
  ...context,
  clock: { ...context.clock, now: ms, nowIso: () => new Date(ms()).toISOString() },
});

it('skip: a re-delivered holder whose lane was taken meanwhile closes its queued run instead of leaving it', async () => {
  await saveFlow(c, slowScheduleFlow('stuck', 'http://127.0.0.1:9', { overlap: 'skip' }));
  const lane = createScheduleLane(redis, c.prefix);
  const job = schedulerJob('stuck', second());
  const first = await takeTick(deps(), job);
  expect(first.kind).toBe('run');
  const runId = first.kind === 'run' ? first.runId : '';
  expect((await c.store.getRun(runId))?.status).toBe('queued');
  // Its worker died before starting the run; the lease ended and the next tick took the lane.
  await redis.del(`${c.prefix}:schedule-lane:stuck:holder`);
  const next = { runId: 'next', tickMs: second() + 1000, misfire: false };
  expect((await lane.gate('stuck', 'next-job', next, 'skip', 100)).state).toBe('hold');
  expect((await takeTick(deps(), job)).kind).toBe('skipped');
  const run = await c.store.getRun(runId);
  expect(run?.status).toBe('interrupted');
  expect(run?.error?.message).toMatch(/overlap skip/);
});

it('queue: a tick accepted into the line moves lastFireAt, so a main starting meanwhile sees no miss', async () => {
  await saveFlow(
    c,
    slowScheduleFlow('inline', 'http://127.0.0.1:9', { overlap: 'queue', misfire: 'runOnce' }),
  );
  const lane = createScheduleLane(redis, c.prefix);
  const t = second();
  expect(
    (await lane.gate('inline', 'holder', { runId: 'h', tickMs: t - 1000, misfire: false }, 'queue', 100))
      .state,
  ).toBe('hold');
  expect((await takeTick(deps(), schedulerJob('inline', t))).kind).toBe('held');
  expect((await c.store.getScheduleState('inline'))?.lastFireAt).toBe(new Date(t).toISOString());
  // The in-flight tick was decided by the worker: a main's catch-up for it is refused.
  expect(await createMisfireMarks(redis, c.prefix).claimCatchUp('inline', t, t + 5000)).toBe(false);
});

it('runOnce: a main catch-up decided first makes the same tick’s own job skip, not run twice', async () => {
  await saveFlow(c, slowScheduleFlow('race', 'http://127.0.0.1:9', { overlap: 'allow', misfire: 'runOnce' }));
  const t = second();
  expect(await createMisfireMarks(redis, c.prefix).claimCatchUp('race', t, t)).toBe(true);
  expect((await takeTick(deps(), schedulerJob('race', t))).kind).toBe('skipped');
});

it('runOnce under a backlog: a slow late tick does not make the next (also late) tick count as decided', async () => {
  await saveFlow(
    c,
    slowScheduleFlow('backlog', 'http://127.0.0.1:9', { overlap: 'allow', misfire: 'runOnce' }),
  );
  const s = second() - 20_000;
  let now = s + 2_500;
  // Tick s was taken at s+200 and reached takeTick at s+2.5 s; BullMQ's next tick (after s+200) is s+1000.
  const a = await takeTick(deps(atClock(() => now)), schedulerJob('backlog', s, s + 200));
  expect(a.kind).toBe('run');
  now = s + 4_000;
  const b = await takeTick(deps(atClock(() => now)), schedulerJob('backlog', s + 1000, s + 2_600));
  expect(b.kind).toBe('run');
  const runB = b.kind === 'run' ? await c.store.getRun(b.runId) : undefined;
  expect((runB?.trigger.data as { scheduledAt?: string } | undefined)?.scheduledAt).toBe(
    new Date(s + 1000).toISOString(),
  );
});

it('the skipped counts and misfire marks of a deleted or disabled flow are removed', async () => {
  await saveFlow(c, slowScheduleFlow('kept', 'http://127.0.0.1:9', { overlap: 'skip', misfire: 'runOnce' }));
  await saveFlow(c, slowScheduleFlow('off', 'http://127.0.0.1:9', { overlap: 'skip', misfire: 'runOnce' }));
  await c.store.setFlowEnabled('off', false);
  for (const key of ['schedule-skipped', 'schedule-misfire', 'schedule-seen']) {
    for (const f of ['kept', 'off', 'deleted-long-ago']) await redis.hset(`${c.prefix}:${key}`, f, '1');
  }
  const s = createQueueScheduler({ queue: c.queue.queue, redisUrl: REDIS_URL, store: c.store, catalog });
  await s.start();
  try {
    for (const key of ['schedule-skipped', 'schedule-misfire', 'schedule-seen']) {
      const fields = await redis.hkeys(`${c.prefix}:${key}`);
      expect(fields).toContain('kept');
      expect(fields).not.toContain('off');
      expect(fields).not.toContain('deleted-long-ago');
    }
    await c.store.deleteFlow('kept');
    await s.rearm('kept');
    for (const key of ['schedule-skipped', 'schedule-misfire', 'schedule-seen']) {
      expect(await redis.hkeys(`${c.prefix}:${key}`)).not.toContain('kept');
    }
  } finally {
    s.stop();
    for (const id of ['kept', 'off', 'inline', 'race', 'backlog', 'stuck']) {
      await c.queue.queue.removeJobScheduler(`schedule:${id}`);
    }
  }
});
