/** The file store: the Store contract in a temp dir, plus batching, index rebuild and compaction on real files. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runStoreContract } from '../store-contract';
import { at, hashOf, makeFlow, makeRun } from '../store-fixtures';
import { VersionConflictError } from '../types';
import { createFileStore, type FileStore, type FileStoreOptions } from './file-store';

runStoreContract('file store', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'idflow-store-'));
  return {
    store: createFileStore({ dir, warn: () => {} }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

const dirs: string[] = [];
const open: FileStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'idflow-store-'));
  dirs.push(dir);
  return dir;
}

async function openStore(opts: FileStoreOptions): Promise<FileStore> {
  const store = createFileStore({ warn: () => {}, ...opts });
  await store.open();
  open.push(store);
  return store;
}

async function closeStore(store: FileStore): Promise<void> {
  open.splice(open.indexOf(store), 1);
  await store.close();
}

describe('file store: run history on disk', () => {
  it('writes concurrent saveRun calls in one append + fdatasync, sequential ones one each', async () => {
    const store = await openStore({ dir: await tempDir() });
    const runs = Array.from({ length: 200 }, () => makeRun());
    await Promise.all(runs.map((r) => store.saveRun(r)));
    expect(store.stats().appends).toBeLessThanOrEqual(2);
    expect(store.stats().fsyncs).toBe(store.stats().appends);
    expect(await store.countRuns()).toBe(200);
    for (let i = 0; i < 5; i++) await store.saveRun(makeRun());
    expect(store.stats().appends).toBeGreaterThanOrEqual(5);
    expect(await store.getRun(runs[123]!.id)).toEqual(runs[123]);
  });

  it('never answers an older record of a run once a newer one is saved, even when a read raced the save', async () => {
    const store = await openStore({ dir: await tempDir() });
    const big = 'x'.repeat(1_000_000); // a long read, so the save below lands while it is in flight
    for (let i = 0; i < 30; i++) {
      const queued = makeRun({ status: 'queued', output: { big } });
      await store.saveRun(queued);
      // The read is in flight (open/read) while the final record is written and indexed.
      const reading = store.getRun(queued.id);
      await store.saveRun({ ...queued, status: 'succeeded', output: {} });
      await reading;
      expect((await store.getRun(queued.id))?.status).toBe('succeeded');
      expect((await store.getRun(queued.id))?.status).toBe('succeeded'); // from the read cache now
    }
    expect(store.stats().cacheHits).toBeGreaterThan(0);
  });

  it('keeps byte offsets right for multi-byte text written in one batch, before and after reopening', async () => {
    const dir = await tempDir();
    const first = await openStore({ dir });
    const texts = [
      'plain',
      'Zoë Ångström',
      '日本語のテキスト',
      'emoji 🎉🚀',
      'lone \ud800 surrogate',
      'x'.repeat(5000),
    ];
    const runs = texts.map((t) =>
      makeRun({ status: 'succeeded', output: { t }, trigger: { kind: 'manual', data: { t } } }),
    );
    await Promise.all(runs.map((r) => first.saveRun(r)));
    expect(first.stats().appends).toBe(1);
    for (const r of runs) expect(await first.getRun(r.id)).toEqual(JSON.parse(JSON.stringify(r)));
    await closeStore(first);
    const second = await openStore({ dir });
    for (const r of runs) expect(await second.getRun(r.id)).toEqual(JSON.parse(JSON.stringify(r)));
    expect((await second.listRuns({ q: '日本語', limit: 10 })).items.map((r) => r.id)).toEqual([runs[2]!.id]);
  });

  it('rebuilds the index from the segments when reopened after 1,000 runs', async () => {
    const dir = await tempDir();
    const first = await openStore({ dir });
    const runs = Array.from({ length: 1000 }, (_, i) =>
      makeRun({ flowId: i % 2 ? 'odd' : 'even', status: i % 10 === 0 ? 'failed' : 'succeeded' }),
    );
    await Promise.all(runs.map((r) => first.saveRun(r)));
    await first.saveRun({ ...runs[0]!, status: 'cancelled' });
    await closeStore(first);

    const second = await openStore({ dir });
    expect(await second.countRuns()).toBe(1000);
    expect(second.stats().runsIndexed).toBe(1000);
    expect(await second.getRun(runs[0]!.id)).toEqual({ ...runs[0], status: 'cancelled' });
    expect(await second.getRun(runs[999]!.id)).toEqual(runs[999]);
    const failed = await second.listRuns({ flowId: 'even', status: ['failed'], limit: 500 });
    expect(failed.items).toHaveLength(99);
    expect(
      (await second.listRuns({ q: `user${Number(runs[500]!.id.slice(4))}@` })).items.map((r) => r.id),
    ).toEqual([runs[500]!.id]);
  });

  it('rolls over to a new segment per day and compacts or deletes segments after pruning', async () => {
    const dir = await tempDir();
    let clock = new Date('2026-11-01T12:00:00Z');
    const store = await openStore({ dir, now: () => clock });
    const day = (d: number) => Array.from({ length: 40 }, (_, i) => makeRun({ startedAt: at(d * 1440 + i) }));
    const day0 = day(0);
    await Promise.all(day0.map((r) => store.saveRun(r)));
    clock = new Date('2026-11-02T12:00:00Z');
    const day1 = day(1);
    await Promise.all(day1.map((r) => store.saveRun(r)));
    clock = new Date('2026-11-03T12:00:00Z');
    await store.saveRun(makeRun({ startedAt: at(2 * 1440) }));
    const segments = () => readdir(path.join(dir, 'runs'));
    expect(await segments()).toEqual(['2026-11-01.jsonl', '2026-11-02.jsonl', '2026-11-03.jsonl']);

    // Age: all of day 0 goes; its segment holds nothing live and is the oldest, so it is deleted.
    expect(await store.pruneRuns({ maxRunsPerFlow: 0, maxAgeDays: 1 }, new Date(at(2 * 1440)))).toBe(40);
    expect(await segments()).toEqual(['2026-11-02.jsonl', '2026-11-03.jsonl']);
    expect(store.stats().segmentsDeleted).toBe(1);

    // Count: keep the newest 5, so day 1's segment is mostly garbage and is rewritten with its 4 live lines.
    const before = (await readFile(path.join(dir, 'runs', '2026-11-02.jsonl'))).length;
    expect(await store.pruneRuns({ maxRunsPerFlow: 5, maxAgeDays: 0 }, new Date(at(3 * 1440)))).toBe(36);
    expect(store.stats().compactions).toBe(1);
    const after = (await readFile(path.join(dir, 'runs', '2026-11-02.jsonl'), 'utf8')).trim().split('\n');
    expect(after).toHaveLength(4);
    expect((await readFile(path.join(dir, 'runs', '2026-11-02.jsonl'))).length).toBeLessThan(before / 5);
    const kept = (await store.listRuns({})).items.map((r) => r.id);
    expect(kept).toHaveLength(5);
    expect(await store.getRun(day1[39]!.id)).toEqual(day1[39]);

    await closeStore(store);
    const reopened = await openStore({ dir, now: () => clock });
    expect((await reopened.listRuns({})).items.map((r) => r.id)).toEqual(kept);
    expect(await reopened.getRun(day0[0]!.id)).toBeUndefined();
  });
});

describe('file store: state.json', () => {
  it('writes nothing on a version conflict and keeps the previous good file as state.json.bak', async () => {
    const dir = await tempDir();
    const store = await openStore({ dir });
    const v1 = makeFlow('onboard');
    await store.saveFlow(v1, { hash: hashOf(v1) });
    const v2 = makeFlow('onboard', { name: 'Second' });
    await store.saveFlow(v2, { hash: hashOf(v2) });
    const bytes = await readFile(path.join(dir, 'state.json'), 'utf8');
    const writes = store.stats().stateWrites;
    await expect(store.saveFlow(v1, { hash: hashOf(v1), expectedVersion: 1 })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(store.stats().stateWrites).toBe(writes);
    expect(await readFile(path.join(dir, 'state.json'), 'utf8')).toBe(bytes);
    expect(JSON.parse(bytes).flows.onboard.flow.name).toBe('Second');
    const bak = JSON.parse(await readFile(path.join(dir, 'state.json.bak'), 'utf8'));
    expect(bak.flows.onboard.flow.name).toBe('Flow onboard');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('batches concurrent state writes and fails only the op that throws', async () => {
    const store = await openStore({ dir: await tempDir() });
    const f = makeFlow('a');
    const results = await Promise.allSettled([
      store.setSetting('x', '1'),
      store.saveFlow(f, { hash: hashOf(f), expectedVersion: 3 }),
      store.setSetting('y', '2'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.stats().stateWrites).toBe(1);
    expect([await store.getSetting('x'), await store.getSetting('y'), await store.getFlow('a')]).toEqual([
      '1',
      '2',
      undefined,
    ]);
  });
});
