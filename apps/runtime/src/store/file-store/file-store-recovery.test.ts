/** The file store when files are damaged: corrupt state.json, torn or corrupt run lines, restoring from state.json.bak. */
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashOf, makeFlow, makeRun } from '../store-fixtures';
import { StoreCorruptError } from '../types';
import { createFileStore } from './file-store';
import { recoverFromBackup } from './recover';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'idflow-recovery-'));
  dirs.push(dir);
  return dir;
}

describe('file store: damaged state.json', () => {
  for (const [label, bytes] of [
    ['truncated JSON', '{"formatVersion":1,"flows":{"a":'],
    ['an empty file', ''],
    ['JSON of the wrong shape', '{"formatVersion":1,"flows":[]}'],
  ] as const) {
    it(`refuses to open ${label}, names the file, and leaves its bytes alone`, async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'state.json');
      await writeFile(file, bytes);
      const store = createFileStore({ dir, warn: () => {} });
      const err = await store.open().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreCorruptError);
      expect((err as StoreCorruptError).file).toBe(file);
      expect((err as Error).message).toContain(file);
      expect(await readFile(file, 'utf8')).toBe(bytes);
      expect(await readdir(dir)).toEqual(['state.json']);
    });
  }

  it('recoverFromBackup puts the last good copy back and keeps the damaged file aside', async () => {
    const dir = await tempDir();
    const store = createFileStore({ dir, warn: () => {} });
    await store.open();
    const v1 = makeFlow('onboard');
    await store.saveFlow(v1, { hash: hashOf(v1) });
    await store.setSetting('k', 'v');
    await store.saveRun(makeRun({ id: 'kept-run' }));
    await store.close();
    await writeFile(path.join(dir, 'state.json'), '{"formatVersion":1,"fl');

    const result = await recoverFromBackup(dir);
    expect(result.restoredFrom).toBe(path.join(dir, 'state.json.bak'));
    expect(await readFile(result.damagedCopy!, 'utf8')).toBe('{"formatVersion":1,"fl');
    await store.open();
    expect((await store.getFlow('onboard'))?.version).toBe(1);
    expect(await store.getSetting('k')).toBeUndefined(); // the backup is the state before the last write
    expect(await store.getRun('kept-run')).toBeDefined();
    await store.close();
  });

  it('recoverFromBackup refuses a damaged or missing backup', async () => {
    const dir = await tempDir();
    await expect(recoverFromBackup(dir)).rejects.toThrow(/no backup/);
    await writeFile(path.join(dir, 'state.json.bak'), 'nope');
    await expect(recoverFromBackup(dir)).rejects.toBeInstanceOf(StoreCorruptError);
  });
});

describe('file store: damaged run history', () => {
  async function storeWithRuns(dir: string, n: number) {
    const store = createFileStore({ dir, warn: () => {} });
    await store.open();
    const runs = Array.from({ length: n }, () => makeRun());
    for (const r of runs) await store.saveRun(r);
    await store.close();
    const [segment] = await readdir(path.join(dir, 'runs'));
    return { runs, segment: path.join(dir, 'runs', segment!) };
  }

  it('ignores a torn last line, cuts it off with a warning, and appends cleanly after it', async () => {
    const dir = await tempDir();
    const { runs, segment } = await storeWithRuns(dir, 3);
    const goodSize = (await stat(segment)).size;
    await appendFile(segment, '{"id":"run-torn","flowId":"onb');
    const warnings: string[] = [];
    const store = createFileStore({ dir, warn: (m) => warnings.push(m) });
    await store.open();
    expect(await store.countRuns()).toBe(3);
    expect(store.stats().tornTails).toBe(1);
    expect(warnings.join()).toContain('interrupted write');
    expect((await stat(segment)).size).toBe(goodSize);
    const aside = (await readdir(path.join(dir, 'runs'))).find((f) => f.includes('.torn-'));
    expect(await readFile(path.join(dir, 'runs', aside!), 'utf8')).toBe('{"id":"run-torn","flowId":"onb');
    const next = makeRun();
    await store.saveRun(next);
    await store.close();
    await store.open();
    expect(await store.countRuns()).toBe(4);
    expect(await store.getRun(next.id)).toEqual(next);
    expect(await store.getRun(runs[2]!.id)).toEqual(runs[2]);
    await store.close();
  });

  it('refuses to open when a damaged line is followed by good ones, naming the segment', async () => {
    const dir = await tempDir();
    const { segment } = await storeWithRuns(dir, 2);
    const lines = (await readFile(segment, 'utf8')).split('\n');
    lines[0] = lines[0]!.slice(0, 20);
    await writeFile(segment, lines.join('\n'));
    const before = await readFile(segment, 'utf8');
    const store = createFileStore({ dir, warn: () => {} });
    const err = await store.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreCorruptError);
    expect((err as StoreCorruptError).file).toBe(segment);
    expect(await readFile(segment, 'utf8')).toBe(before);
  });
});
