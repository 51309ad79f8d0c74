/** listRuns over the index: filters, newest first (time, then id), opaque cursor, top-k selection without a full sort. */
import { decodeCursor, encodeCursor, pageLimit } from '../run-cursor';
import type { RunQuery } from '../types';
import type { IndexEntry } from './run-index';

/** Positive when `a` sorts before `b` (newer, or same time and larger id). */
function newer(a: { ts: number; id: string }, b: { ts: number; id: string }): number {
  return a.ts !== b.ts ? a.ts - b.ts : a.id > b.id ? 1 : a.id < b.id ? -1 : 0;
}

export function matcher(q: RunQuery): (e: IndexEntry) => boolean {
  const statuses = q.status && q.status.length > 0 ? new Set<string>(q.status) : undefined;
  const since = q.since !== undefined ? Date.parse(q.since) : undefined;
  const until = q.until !== undefined ? Date.parse(q.until) : undefined;
  const text = q.q?.trim().toLowerCase() || undefined;
  const after = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
  return (e) =>
    (q.flowId === undefined || e.flowId === q.flowId) &&
    (q.includeChildren === true || e.parentRunId === undefined) &&
    (statuses === undefined || statuses.has(e.status)) &&
    (since === undefined || e.ts >= since) &&
    (until === undefined || e.ts <= until) &&
    (after === undefined || newer(e, after) < 0) &&
    (text === undefined || e.search.includes(text));
}

/** The page's entries (newest first) and the cursor of the next page when there is one. */
export function selectPage(
  entries: Iterable<IndexEntry>,
  q: RunQuery,
): { entries: IndexEntry[]; nextCursor?: string } {
  const limit = pageLimit(q.limit);
  const keep = limit + 1;
  const match = matcher(q);
  const best: IndexEntry[] = [];
  for (const e of entries) {
    if (best.length === keep && newer(e, best[keep - 1]!) <= 0) continue;
    if (!match(e)) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newer(e, best[mid]!) > 0) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, e);
    if (best.length > keep) best.pop();
  }
  if (best.length <= limit) return { entries: best };
  const page = best.slice(0, limit);
  return { entries: page, nextCursor: encodeCursor(page[limit - 1]!.ts, page[limit - 1]!.id) };
}
