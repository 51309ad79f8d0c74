/** Run records are JSON snapshots: a flow mapping `=steps` cannot make its record circular or rewrite earlier steps. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DelayServer, startDelayServer } from '../support/delay-server';
import { flowOf, runManual, stepOf } from '../support/engine-kit';
import { type InProcRuntime, startInProc } from '../support/runtime-inproc';
import { chainFlow } from '../support/runtime-process';

let echo: DelayServer;
let rt: InProcRuntime;

beforeAll(async () => {
  echo = await startDelayServer(0);
  rt = await startInProc();
});
afterAll(async () => {
  await rt?.stop();
  await echo?.close();
});

describe('run record integrity (engine)', () => {
  it('a node that outputs the whole context leaves a serialisable record', async () => {
    const run = await runManual(
      flowOf('dump', [
        { id: 'm', type: 'transform.map', config: { value: '=steps' } },
        { id: 'n', type: 'transform.set', config: { fields: { all: '=$$', again: '=steps.m' } } },
      ]),
      { a: 1 },
    );
    expect(run.status).toBe('succeeded');
    expect(() => JSON.stringify(run)).not.toThrow();
    expect(stepOf(run, 'm').output).toEqual({ start: { a: 1 } });
  });

  it('a recorded input shows what the step resolved, not what later steps added', async () => {
    const run = await runManual(
      flowOf('inputs', [
        { id: 'first', type: 'transform.map', config: { value: '=steps' } },
        { id: 'second', type: 'transform.set', config: { fields: { x: 1 } } },
      ]),
      { a: 1 },
    );
    expect(Object.keys(stepOf(run, 'first').input as { value: object }).length).toBe(1);
    expect(Object.keys((stepOf(run, 'first').input as { value: object }).value)).toEqual(['start']);
  });
});

describe('run record integrity (runtime)', () => {
  const flow = chainFlow(
    'dump-steps',
    { id: 'start', type: 'trigger.manual', config: {} },
    { id: 'c1', type: 'http.request', config: { method: 'POST', url: 'ECHO/c1', body: { copy: '=steps' } } },
    { id: 'c2', type: 'http.request', config: { method: 'POST', url: 'ECHO/c2', body: { copy: '=steps' } } },
    { id: 'all', type: 'transform.map', config: { value: '=steps' } },
  );

  it('wait and dry runs of such a flow finish and answer (no run stuck in running)', async () => {
    const body = JSON.parse(JSON.stringify(flow).replaceAll('ECHO', echo.url));
    expect((await rt.api('POST', '/api/v1/flows', body)).status).toBe(201);
    for (const extra of [{ wait: true }, { dryRun: true }]) {
      const res = await rt.api('POST', '/api/v1/flows/dump-steps/runs', { input: { a: 1 }, ...extra });
      expect(res.status, JSON.stringify(extra)).toBe(200);
      expect(res.json.run.status, JSON.stringify(extra)).toBe('succeeded');
    }
    const list = await rt.api('GET', '/api/v1/runs?flowId=dump-steps');
    expect(list.json.items.map((r: { status: string }) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(rt.logs.filter((l) => l.includes('"level":50'))).toEqual([]);
  });
});
