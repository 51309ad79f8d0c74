import { flowHash, type RunRecord, validateFlow } from '@idflow/engine';
import { createBuiltinCatalog } from '@idflow/nodes';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../src/store/index';
import { linearFlow, makeDataDir, manual, setNode, startTestRuntime, type TestRuntime } from './helpers';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
});

const run = (id: string, hash: string, status: RunRecord['status'], minutesAgo: number): RunRecord => ({
  id,
  flowId: 'seeded',
  flowHash: hash,
  trigger: { kind: 'manual', data: { n: id } },
  status,
  queuedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  ...(status === 'queued' ? {} : { startedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() }),
  ...(status === 'succeeded'
    ? { finishedAt: new Date(Date.now() - minutesAgo * 60_000 + 10).toISOString() }
    : {}),
  steps: [],
});

async function seed(runs: (hash: string) => RunRecord[]) {
  const dir = await makeDataDir();
  const store = createFileStore({ dir });
  await store.open();
  const catalog = createBuiltinCatalog();
  const r = validateFlow(linearFlow('seeded', manual(), setNode('a', { n: '=trigger.n' })), catalog);
  if (!r.ok) throw new Error('invalid seed flow');
  const hash = flowHash(r.flow, catalog);
  await store.saveFlow(r.flow, { hash, enabled: false });
  for (const x of runs(hash)) await store.saveRun(x);
  await store.close();
  return dir;
}

describe('restart', () => {
  it('turns running runs into interrupted and resumes queued ones', async () => {
    const dir = await seed((h) => [run('was-running', h, 'running', 5), run('was-queued', h, 'queued', 4)]);
    rt = await startTestRuntime({}, { dir });
    const interrupted = await rt.store.getRun('was-running');
    expect(interrupted?.status).toBe('interrupted');
    expect(interrupted?.error?.code).toBe('INTERRUPTED');
    const resumed = await rt.runtime.context.runs.wait('was-queued', 10_000);
    expect(resumed?.status).toBe('succeeded');
    expect(resumed?.output).toEqual({ n: 'was-queued' });
  });

  it('prunes run history by the retention policy at start', async () => {
    const dir = await seed((h) =>
      Array.from({ length: 6 }, (_, i) => run(`old-${i}`, h, 'succeeded', 60 - i)),
    );
    rt = await startTestRuntime({ retentionMaxRuns: 2 }, { dir });
    const left = await rt.store.listRuns({ flowId: 'seeded', limit: 50 });
    expect(left.items.map((r) => r.id).sort()).toEqual(['old-4', 'old-5']);
  });

  it('prunes on demand through POST /api/v1/runs/prune', async () => {
    rt = await startTestRuntime({ retentionMaxRuns: 2 });
    const flow = linearFlow('prunable', manual(), setNode('a', { x: 1 }));
    expect((await rt.api('POST', '/api/v1/flows', flow)).status).toBe(201);
    for (let i = 0; i < 5; i++) {
      expect((await rt.api('POST', '/api/v1/flows/prunable/runs', { wait: true })).status).toBe(200);
    }
    const pruned = await rt.api('POST', '/api/v1/runs/prune');
    expect(pruned.status).toBe(200);
    expect(pruned.json).toEqual({ removed: 3 });
    expect((await rt.store.listRuns({ flowId: 'prunable', limit: 50 })).items).toHaveLength(2);
  });

  it('lets a running run finish on close, then stops taking webhooks', async () => {
    rt = await startTestRuntime();
    await rt.api('POST', '/api/v1/flows', linearFlow('graceful', manual(), setNode('a', { x: 1 })));
    const { runId } = (await rt.api('POST', '/api/v1/flows/graceful/runs', {})).json;
    const store = rt.store;
    const dir = rt.dir;
    await rt.close();
    const reopened = createFileStore({ dir });
    await reopened.open();
    expect((await reopened.getRun(runId))?.status).toBe('succeeded');
    await reopened.close();
    expect(store).toBeDefined();
  });
});
