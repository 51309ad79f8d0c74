import { flowHash, validateFlow } from '@idflow/engine';
import { createBuiltinCatalog } from '@idflow/nodes';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../src/store/index';
import {
  eventually,
  type Gate,
  httpGet,
  linearFlow,
  makeDataDir,
  setNode,
  startEchoServer,
  startTestRuntime,
  type TestRuntime,
} from './helpers';

let rt: TestRuntime | undefined;
let gate: Gate | undefined;
afterEach(async () => {
  gate?.release();
  await rt?.stop();
  await gate?.close();
  rt = undefined;
  gate = undefined;
});

const schedule = (config: Record<string, unknown>) => ({ id: 'tick', type: 'trigger.schedule', config });

describe('schedules', () => {
  it('fires every second and skips ticks while the previous run is still going', async () => {
    gate = await startEchoServer(true);
    rt = await startTestRuntime();
    const flow = linearFlow(
      'every-second',
      schedule({ cron: '* * * * * *', overlap: 'skip' }),
      httpGet('call', gate.url),
    );
    await rt.api('POST', '/api/v1/flows', flow);
    const info = await rt.api('GET', '/api/v1/flows/every-second/schedule');
    expect(info.json.armed).toBe(false);
    expect(info.json.next).toHaveLength(5);
    const times = info.json.next.map((t: string) => Date.parse(t));
    expect(times.slice(1).map((t: number, i: number) => t - times[i])).toEqual([1000, 1000, 1000, 1000]);
    await rt.api('POST', '/api/v1/flows/every-second/enable');
    expect((await rt.api('GET', '/api/v1/flows/every-second/schedule')).json.armed).toBe(true);
    await eventually(async () => gate!.seen.length === 1);
    const c = rt.runtime.context;
    await eventually(async () => c.scheduler.skippedTicks('every-second') >= 2, 15_000);
    const runs = await rt.store.listRuns({ flowId: 'every-second', limit: 50 });
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]!.trigger.kind).toBe('schedule');
    expect(await (await fetch(`${rt.url}/metrics`)).text()).toMatch(
      /idflow_schedule_ticks_total\{flow="every-second",outcome="skipped"\} [1-9]/,
    );
    gate.release();
    await eventually(
      async () =>
        (await rt!.store.listRuns({ flowId: 'every-second', status: ['succeeded'], limit: 50 })).items
          .length >= 2,
      15_000,
    );
    await rt.api('POST', '/api/v1/flows/every-second/disable');
    expect(c.scheduler.isArmed('every-second')).toBe(false);
  });

  it('runs once at start for a tick missed while down (misfire runOnce), and not with misfire skip', async () => {
    const dir = await makeDataDir();
    const store = createFileStore({ dir });
    await store.open();
    const catalog = createBuiltinCatalog();
    for (const [id, misfire] of [
      ['catch-up', 'runOnce'],
      ['no-catch-up', 'skip'],
    ] as const) {
      const result = validateFlow(
        linearFlow(id, schedule({ cron: '0 0 1 1 *', misfire }), setNode('a', { x: 1 })),
        catalog,
      );
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      await store.saveFlow(result.flow, { hash: flowHash(result.flow, catalog), enabled: true });
      await store.saveScheduleState({
        flowId: id,
        lastFireAt: new Date(Date.now() - 400 * 86_400_000).toISOString(),
      });
    }
    await store.close();
    rt = await startTestRuntime({}, { dir });
    const caught = await eventually(
      async () => (await rt!.store.listRuns({ flowId: 'catch-up', limit: 5 })).items[0],
    );
    expect((caught.trigger.data as { misfire?: boolean }).misfire).toBe(true);
    expect((await rt.store.listRuns({ flowId: 'no-catch-up', limit: 5 })).items).toHaveLength(0);
  });
});
