/** Run-history part of the Store contract suite (saveRun, getRun, listRuns, findRunsByStatus, pruneRuns). */
import type { RunRecord } from '@idflow/engine';
import { describe, expect, it } from 'vitest';
import { at, makeRun } from './store-fixtures';
import type { RunQuery, Store } from './types';

/** Every page of a query, following nextCursor. */
async function allPages(store: Store, q: RunQuery): Promise<RunRecord[][]> {
  const pages: RunRecord[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listRuns({ ...q, ...(cursor ? { cursor } : {}) });
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

export function runRunContract(s: () => Store): void {
  describe('run history', () => {
    it('records a run durably, updates it by id, and reads it back', async () => {
      const run = makeRun({ status: 'running' });
      await s().saveRun(run);
      expect(await s().getRun(run.id)).toEqual(run);
      const done: RunRecord = {
        ...run,
        status: 'failed',
        finishedAt: at(5),
        error: { message: 'boom', code: 'X' },
      };
      await s().saveRun(done);
      expect(await s().getRun(run.id)).toEqual(done);
      expect(await s().countRuns()).toBe(1);
      expect(await s().getRun('no-such-run')).toBeUndefined();
      const got = await s().getRun(run.id);
      got!.steps.length = 0;
      expect((await s().getRun(run.id))?.steps).toHaveLength(1);
    });

    it('lists newest first and filters by flow, status, time and text; children only when asked', async () => {
      const runs = [
        makeRun({
          id: 'a1',
          flowId: 'a',
          startedAt: at(1),
          trigger: { kind: 'webhook', data: { userName: 'Ada.Lovelace' } },
        }),
        makeRun({ id: 'a2', flowId: 'a', startedAt: at(2), status: 'failed' }),
        makeRun({
          id: 'b1',
          flowId: 'b',
          startedAt: at(3),
          trigger: { kind: 'manual', data: { userName: 'grace' } },
        }),
        makeRun({ id: 'b1-c', flowId: 'helper', startedAt: at(4), parentRunId: 'b1' }),
        makeRun({ id: 'q1', flowId: 'a', startedAt: undefined, queuedAt: at(5), status: 'queued' }),
      ];
      await Promise.all(runs.map((r) => s().saveRun(r)));
      const ids = async (q: RunQuery) => (await s().listRuns(q)).items.map((r) => r.id);
      expect(await ids({})).toEqual(['q1', 'b1', 'a2', 'a1']);
      expect(await ids({ includeChildren: true })).toEqual(['q1', 'b1-c', 'b1', 'a2', 'a1']);
      expect(await ids({ flowId: 'a' })).toEqual(['q1', 'a2', 'a1']);
      expect(await ids({ status: ['failed', 'queued'] })).toEqual(['q1', 'a2']);
      expect(await ids({ since: at(2), until: at(3) })).toEqual(['b1', 'a2']);
      expect(await ids({ q: 'LOVELACE' })).toEqual(['a1']);
      expect(await ids({ q: 'grace', flowId: 'a' })).toEqual([]);
      expect(await ids({ flowId: 'helper', includeChildren: true })).toEqual(['b1-c']);
      expect((await s().listRuns({ flowId: 'a' })).items[0]).toEqual(runs[4]);
    });

    it('pages with limit and cursor: every run once, in order, and no cursor after the last page', async () => {
      const runs = Array.from({ length: 23 }, (_, i) =>
        makeRun({ id: `p${String(i).padStart(2, '0')}`, startedAt: at(i % 7) }),
      );
      await Promise.all(runs.map((r) => s().saveRun(r)));
      const pages = await allPages(s(), { limit: 5 });
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      const seen = pages.flat().map((r) => `${r.startedAt}|${r.id}`);
      expect(seen).toEqual([...seen].sort().reverse());
      expect(new Set(seen).size).toBe(23);
      const exact = await s().listRuns({ limit: 23 });
      expect(exact.items).toHaveLength(23);
      expect(exact.nextCursor).toBeUndefined();
      await expect(s().listRuns({ cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/i);
    });

    it('finds runs by status, oldest first', async () => {
      await s().saveRun(makeRun({ id: 'r2', status: 'running', startedAt: at(2) }));
      await s().saveRun(makeRun({ id: 'r1', status: 'running', startedAt: at(1) }));
      await s().saveRun(makeRun({ id: 'q', status: 'queued', startedAt: undefined, queuedAt: at(3) }));
      await s().saveRun(makeRun({ id: 'done', status: 'succeeded' }));
      const found = await s().findRunsByStatus(['running', 'queued']);
      expect(found.map((r) => r.id)).toEqual(['r1', 'r2', 'q']);
      await s().saveRun(makeRun({ id: 'r1', status: 'interrupted', startedAt: at(1) }));
      expect((await s().findRunsByStatus(['running'])).map((r) => r.id)).toEqual(['r2']);
    });

    it('prunes beyond the per-flow maximum, newest kept, active runs never removed', async () => {
      const runs = Array.from({ length: 10 }, (_, i) =>
        makeRun({ id: `a${i}`, flowId: 'a', startedAt: at(i) }),
      );
      runs.push(makeRun({ id: 'a-old-running', flowId: 'a', status: 'running', startedAt: at(-5) }));
      runs.push(makeRun({ id: 'b0', flowId: 'b', startedAt: at(0) }));
      await Promise.all(runs.map((r) => s().saveRun(r)));
      const removed = await s().pruneRuns({ maxRunsPerFlow: 3, maxAgeDays: 0 }, new Date(at(100)));
      expect(removed).toBe(7);
      const left = (await s().listRuns({ limit: 100 })).items.map((r) => r.id);
      expect(left).toEqual(['a9', 'a8', 'a7', 'b0', 'a-old-running']);
      expect(await s().getRun('a0')).toBeUndefined();
      expect(await s().countRuns()).toBe(5);
      await s().close();
      await s().open();
      expect(await s().countRuns()).toBe(5);
      expect(await s().getRun('a0')).toBeUndefined();
      expect(await s().pruneRuns({ maxRunsPerFlow: 3, maxAgeDays: 0 }, new Date(at(100)))).toBe(0);
    });

    it('prunes by age, and a pruned id saved again is back', async () => {
      const day = 24 * 60;
      await s().saveRun(makeRun({ id: 'old', startedAt: at(0) }));
      await s().saveRun(makeRun({ id: 'new', startedAt: at(9 * day) }));
      expect(await s().pruneRuns({ maxRunsPerFlow: 1000, maxAgeDays: 7 }, new Date(at(10 * day)))).toBe(1);
      expect((await s().listRuns({})).items.map((r) => r.id)).toEqual(['new']);
      const again = makeRun({ id: 'old', startedAt: at(9.5 * day) });
      await s().saveRun(again);
      await s().close();
      await s().open();
      expect(await s().getRun('old')).toEqual(again);
      expect(await s().countRuns()).toBe(2);
    });
  });
}
