/** A schedule keeps firing after a run that threw, timed out or was cancelled. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DelayServer, startDelayServer } from '../support/delay-server';
import { type InProcRuntime, startInProc } from '../support/runtime-inproc';
import { chainFlow, waitFor } from '../support/runtime-process';

let rt: InProcRuntime;
let hold: DelayServer;

beforeAll(async () => {
  hold = await startDelayServer('hold');
  rt = await startInProc();
});
afterAll(async () => {
  hold?.release();
  await rt?.stop();
  await hold?.close();
});

const tick = { id: 'tick', type: 'trigger.schedule', config: { cron: '* * * * * *', overlap: 'skip' } };

interface Summary {
  id: string;
  status: string;
  queuedAt: string;
  error?: { code: string };
}

async function runsOf(flowId: string): Promise<Summary[]> {
  const res = await rt.api('GET', `/api/v1/runs?flowId=${flowId}&limit=100`);
  expect(res.status).toBe(200);
  return (res.json.items as Summary[]).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

async function create(flow: ReturnType<typeof chainFlow>) {
  expect((await rt.api('POST', '/api/v1/flows', flow)).status).toBe(201);
  expect((await rt.api('POST', `/api/v1/flows/${flow.id}/enable`)).status).toBe(200);
}

/** Waits for a first run ending in `status`, then for two later runs of the same schedule. */
async function expectKeepsFiring(flowId: string, status: string, code?: string) {
  const first = await waitFor(
    async () => (await runsOf(flowId)).find((r) => r.status === status),
    20_000,
    `a ${status} run of ${flowId}`,
  );
  if (code) expect(first.error?.code).toBe(code);
  const later = await waitFor(
    async () => {
      const after = (await runsOf(flowId)).filter((r) => r.queuedAt > first.queuedAt);
      return after.length >= 2 ? after : undefined;
    },
    20_000,
    `two runs of ${flowId} after the ${status} one`,
  );
  expect(later.length).toBeGreaterThanOrEqual(2);
  const info = await rt.api('GET', `/api/v1/flows/${flowId}/schedule`);
  expect(info.json.armed).toBe(true);
}

describe('schedules after a bad run', () => {
  it('keeps firing after a run that threw', async () => {
    await create(
      chainFlow('sched-throws', tick, {
        id: 'boom',
        type: 'transform.map',
        config: { value: '=$error("boom")' },
      }),
    );
    await expectKeepsFiring('sched-throws', 'failed', 'EXPRESSION_ERROR');
    await rt.api('POST', '/api/v1/flows/sched-throws/disable');
  }, 60_000);

  it('keeps firing after a run that timed out', async () => {
    const flow = {
      ...chainFlow('sched-timeout', tick, {
        id: 'wait',
        type: 'http.request',
        config: { url: `${hold.url}/t` },
      }),
      settings: { timeoutMs: 300 },
    };
    await create(flow);
    await expectKeepsFiring('sched-timeout', 'failed', 'RUN_TIMEOUT');
    await rt.api('POST', '/api/v1/flows/sched-timeout/disable');
  }, 60_000);

  it('keeps firing after a run that was cancelled', async () => {
    await create(
      chainFlow('sched-cancel', tick, { id: 'wait', type: 'http.request', config: { url: `${hold.url}/c` } }),
    );
    const running = await waitFor(
      async () => (await runsOf('sched-cancel')).find((r) => r.status === 'running'),
      20_000,
      'a running run',
    );
    expect((await rt.api('POST', `/api/v1/runs/${running.id}/cancel`)).status).toBe(200);
    // Later runs also hold: cancel each one as it starts, so the schedule must have fired again to get two.
    const stopper = setInterval(async () => {
      for (const r of await runsOf('sched-cancel').catch(() => [])) {
        if (r.status === 'running' && r.id !== running.id) void rt.api('POST', `/api/v1/runs/${r.id}/cancel`);
      }
    }, 200);
    try {
      await expectKeepsFiring('sched-cancel', 'cancelled', 'CANCELLED');
    } finally {
      clearInterval(stopper);
      await rt.api('POST', '/api/v1/flows/sched-cancel/disable');
    }
  }, 60_000);
});
