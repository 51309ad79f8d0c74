/** The late `running` record of a run whose flow cannot act outside: written only when the run is still going. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  type Gate,
  httpGet,
  linearFlow,
  manual,
  setNode,
  startEchoServer,
  startTestRuntime,
  type TestRuntime,
} from '../../test/helpers';

let rt: TestRuntime;
let gate: Gate;

beforeAll(async () => {
  rt = await startTestRuntime();
  gate = await startEchoServer(true);
  // A GET cannot act outside: its run goes on at once and writes `running` only if it is still going later.
  await rt.api('POST', '/api/v1/flows', linearFlow('held', manual(), httpGet('call', gate.url)));
  await rt.api('POST', '/api/v1/flows', linearFlow('quick', manual(), setNode('x', { a: 1 })));
});
afterAll(async () => {
  await gate.close();
  await rt.stop();
});

/** Statuses of every line stored for a run, in file order. */
async function linesOf(runId: string): Promise<string[]> {
  const dir = path.join(rt.dir, 'runs');
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    for (const line of (await readFile(path.join(dir, name), 'utf8')).split('\n')) {
      if (line.includes(`"${runId}"`)) out.push((JSON.parse(line) as { r: { status: string } }).r.status);
    }
  }
  return out;
}

describe('late running record', () => {
  it('is written for each run still going, and never for a run that ended first', async () => {
    const first = (await rt.api('POST', '/api/v1/flows/held/runs', {})).json.runId as string;
    await eventually(async () => gate.seen.length === 1);
    const second = (await rt.api('POST', '/api/v1/flows/held/runs', {})).json.runId as string;
    await eventually(async () => gate.seen.length === 2);
    await eventually(async () => (await rt.store.getRun(first))?.status === 'running');
    await eventually(async () => (await rt.store.getRun(second))?.status === 'running');
    const quick = (await rt.api('POST', '/api/v1/flows/quick/runs', {})).json.runId as string;
    expect((await rt.runtime.context.runs.wait(quick, 10_000))?.status).toBe('succeeded');
    gate.release();
    for (const id of [first, second]) {
      expect((await rt.runtime.context.runs.wait(id, 10_000))?.status).toBe('succeeded');
      expect(await linesOf(id)).toEqual(['queued', 'running', 'succeeded']);
    }
    expect(await linesOf(quick)).toEqual(['queued', 'succeeded']);
  });
});
