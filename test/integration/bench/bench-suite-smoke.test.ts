// Smoke tests of the other benchmarks (keeps `npm run bench` working): tiny sizes, and what each bench's figures
// rest on — the same work done on both sides, every item created or recorded, the runtime really started. No speed
// is asserted here; `npm run bench` measures that. The editor bench's smoke runs with the browser tests.
import { describe, expect, it } from 'vitest';
import { createBuiltinCatalog } from '../../../packages/nodes/src/index';
import { runEngineBench } from '../../bench/engine/engine.bench';
import { runHistoryBench } from '../../bench/history/history.bench';
import { runLoopBench } from '../../bench/loop/loop.bench';
import { runScaleBench } from '../../bench/scale/scale.bench';
import { runScimBench } from '../../bench/scim/scim.bench';
import { historyRows, scimRows } from '../../bench/support/rows';

describe('bench suite (smoke)', () => {
  it('engine: the flow and the hand-written function compute the same (the bench throws otherwise)', async () => {
    const r = await runEngineBench({ runs: 200, catalog: createBuiltinCatalog() });
    expect(r.runs).toBe(200);
    expect(r.engineRunsPerSec).toBeGreaterThan(0);
    expect(r.handRunsPerSec).toBeGreaterThan(0);
  }, 60_000);

  it('big loop: every item has its child run, and the parent record stays small', async () => {
    const r = await runLoopBench({ small: 20, big: 200 });
    expect(r.small).toMatchObject({ items: 20, childRuns: 20, status: 'succeeded' });
    expect(r.big).toMatchObject({ items: 200, childRuns: 200, status: 'succeeded' });
    expect(r.big.parentRecordBytes).toBeLessThan(1024 * 1024);
  }, 60_000);

  it('provisioning: both halves create every user in the sandbox', async () => {
    const r = await runScimBench({ users: 30, rounds: 1 });
    expect(r.flowCreated).toBe(30);
    expect(r.loopCreated).toBe(30);
    expect(scimRows(r)[0]?.verdict).toMatch(/^(ok|MISSED)$/);
  }, 60_000);

  it('history: every run is counted after a reopen, and the built runtime starts on the folder', async () => {
    const r = await runHistoryBench({ big: 1500, samples: 100 });
    expect(r.big.stored).toBe(1500);
    expect(Number.isFinite(r.startMs) && r.startMs > 0).toBe(true);
    expect(r.startRssMb).toBeGreaterThan(0);
    expect(historyRows(r).map((row) => row.figure)).toContain(
      'runtime start (built, as npm start) with 1,500 runs: spawn → listening (ms)',
    );
  }, 120_000);

  it('scale: one worker and two each execute every run', async () => {
    const r = await runScaleBench({ runs: 40, concurrency: 4 });
    expect(r.one).toMatchObject({ workers: 1, runs: 40 });
    expect(r.two).toMatchObject({ workers: 2, runs: 40 });
    expect(r.one.executedPerSec).toBeGreaterThan(0);
    expect(r.two.executedPerSec).toBeGreaterThan(0);
  }, 120_000);
});
