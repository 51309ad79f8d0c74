/**
 * A main's start-up recovery on real Redis and PostgreSQL: a scheduled run `queued` for long whose tick job is still
 * alive (a scheduler tick, a held tick's job, or a tick waiting in line) is not enqueued a second time.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recoverRuns } from '../../apps/runtime/src/executor/recover-runs';
import type { RunState } from '../../apps/runtime/src/executor/run-state';
import { schedulerId, upsertSchedule } from '../../apps/runtime/src/scale/queue-schedules';
import { createRedisClient } from '../../apps/runtime/src/scale/redis-connect';
import { handOff, scheduleRunId, tickOfJob } from '../../apps/runtime/src/scale/schedule-ticks';
import { type Cluster, makeCluster, REDIS_URL, saveFlow, waitFor } from './scale-harness';
import { slowScheduleFlow } from './schedule-flows';

let c: Cluster;
const redis = createRedisClient(REDIS_URL, 'idflow-test-recovery');

beforeAll(async () => {
  c = await makeCluster();
}, 60_000);

afterAll(async () => {
  redis.disconnect();
  await c?.cleanup();
});

/** A scheduled run stored `queued` ten minutes ago: past the time recovery leaves it to its tick job. */
const oldScheduledRun = async (flowId: string, runId: string, tickMs: number) => {
  const stored = await c.store.getFlow(flowId);
  const at = new Date(Date.now() - 600_000).toISOString();
  await c.store.saveRun({
    id: runId,
    flowId,
    flowHash: stored!.hash,
    flowVersion: stored!.version,
    trigger: { kind: 'schedule', data: { scheduledAt: new Date(tickMs).toISOString(), firedAt: at } },
    status: 'queued',
    queuedAt: at,
    steps: [],
  });
};

/** Just what recoverRuns reads of a main's runtime. */
const mainState = (): RunState =>
  ({
    ctx: () => ({
      queue: c.queue,
      store: c.store,
      clock: { now: () => Date.now(), nowIso: () => new Date().toISOString() },
      config: { lockDurationMs: 30_000, stalledIntervalMs: 30_000 },
    }),
    track: () => undefined,
  }) as unknown as RunState;

it('a scheduled run whose tick job, held job or place in line is alive is not enqueued again', async () => {
  await saveFlow(c, slowScheduleFlow('rec', 'http://127.0.0.1:9', { overlap: 'queue' }));
  // The scheduler's own tick job, waiting (no worker): e.g. deferred at the flow's limit.
  await upsertSchedule(c.queue.queue, 'rec', { every: 3_600_000 });
  const tickJob = await waitFor('the scheduler’s tick job', async () =>
    (await c.queue.queue.getJobs(['waiting', 'delayed'])).find((j) => j.name === 'schedule'),
  );
  const fromTick = tickOfJob(tickJob);
  await oldScheduledRun('rec', fromTick.runId, fromTick.tickMs);
  // A held tick's job (parked, or handed off with a backoff).
  const tickMs = Math.floor(Date.now() / 1000) * 1000;
  const held = { runId: scheduleRunId('rec-held', tickMs), tickMs, misfire: false };
  await oldScheduledRun('rec', held.runId, tickMs);
  await handOff(c.queue.queue, 'rec', held, 5);
  // A re-delivered holder put back in line: a stored run, no job.
  const inLine = { runId: scheduleRunId('rec-line', tickMs + 1000), tickMs: tickMs + 1000 };
  await oldScheduledRun('rec', inLine.runId, inLine.tickMs);
  await redis.zadd(`${c.prefix}:schedule-lane:rec:waiting`, inLine.tickMs, inLine.runId);
  // Control: a scheduled run nothing will run any more.
  const lost = scheduleRunId('rec-lost', tickMs + 2000);
  await oldScheduledRun('rec', lost, tickMs + 2000);

  for (const id of [fromTick.runId, held.runId, inLine.runId])
    expect(await c.queue.hasLiveJob(id)).toBe(true);
  expect(await c.queue.hasLiveJob(lost)).toBe(false);
  expect(await recoverRuns(mainState())).toEqual({ interrupted: 0, resumed: 1 });
  await c.queue.flush();
  for (const id of [fromTick.runId, held.runId, inLine.runId])
    expect(await c.queue.queue.getJob(id)).toBeUndefined();
  expect(await c.queue.queue.getJob(lost)).toBeDefined();
  await c.queue.queue.removeJobScheduler(schedulerId('rec'));
});
