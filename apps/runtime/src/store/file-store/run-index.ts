/** In-memory index of run history: per run id, where its last line is and the few fields listRuns filters on. */
import type { RunRecord, RunStatus } from '@idflow/engine';
import type { SegmentName } from './segment-names';

/** Cap on the lowercase trigger text kept per run for `q` searches. */
export const SEARCH_TEXT_CHARS = 512;

export const RUN_STATUSES: ReadonlySet<string> = new Set<RunStatus>([
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
]);

export interface Segment extends SegmentName {
  /** Bytes in the file (valid lines only). */
  size: number;
  /** Bytes of lines the index still points to; the rest is garbage that compaction may drop. */
  liveBytes: number;
  liveCount: number;
  /** Run ids deleted by tombstone lines in this segment: they mask older lines in earlier segments. */
  tombstones: Set<string>;
}

export interface RunSummary {
  id: string;
  flowId: string;
  status: RunStatus;
  /** startedAt ?? queuedAt ?? finishedAt in ms (0 when none): the sort key, with id as tie-break. */
  ts: number;
  parentRunId: string | undefined;
  search: string;
}

export interface IndexEntry extends RunSummary {
  seg: Segment;
  offset: number;
  length: number;
}

/** Checks a parsed line is a run record as far as the index needs; undefined when it is not. */
export function asRunRecord(value: unknown): RunRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<Record<keyof RunRecord, unknown>>;
  const ok =
    typeof v.id === 'string' &&
    typeof v.flowId === 'string' &&
    typeof v.status === 'string' &&
    RUN_STATUSES.has(v.status) &&
    typeof v.trigger === 'object' &&
    v.trigger !== null &&
    Array.isArray(v.steps);
  return ok ? (value as RunRecord) : undefined;
}

export class RunIndex {
  readonly entries = new Map<string, IndexEntry>();
  /** Segments in write order. */
  segments: Segment[] = [];
  readonly #interned = new Map<string, string>();

  /** The index fields of a run. */
  summarize(run: RunRecord): RunSummary {
    const time = run.startedAt ?? run.queuedAt ?? run.finishedAt;
    const ts = time ? Date.parse(time) : 0;
    return {
      id: run.id,
      flowId: run.flowId,
      status: run.status,
      ts: Number.isFinite(ts) ? ts : 0,
      parentRunId: run.parentRunId,
      search: searchText(run.trigger.data),
    };
  }

  set(summary: RunSummary, seg: Segment, offset: number, length: number): void {
    this.remove(summary.id);
    // A literal with a fixed shape (not a spread) keeps entries compact and fast to build; flow ids are shared.
    const entry: IndexEntry = {
      id: summary.id,
      flowId: this.#intern(summary.flowId),
      status: summary.status,
      ts: summary.ts,
      parentRunId: summary.parentRunId,
      search: summary.search,
      seg,
      offset,
      length,
    };
    this.entries.set(summary.id, entry);
    seg.liveBytes += length;
    seg.liveCount++;
  }

  remove(id: string): IndexEntry | undefined {
    const old = this.entries.get(id);
    if (!old) return undefined;
    this.entries.delete(id);
    old.seg.liveBytes -= old.length;
    old.seg.liveCount--;
    return old;
  }

  addSegment(seg: Segment): void {
    this.segments.push(seg);
    this.segments.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  dropSegment(seg: Segment): void {
    this.segments = this.segments.filter((s) => s !== seg);
  }

  #intern(s: string): string {
    const known = this.#interned.get(s);
    if (known !== undefined) return known;
    this.#interned.set(s, s);
    return s;
  }
}

/** Lowercase JSON of the trigger data, capped. Copied into a fresh string so it never pins a larger parent string. */
/** Search text by trigger data object: a run's queued, running and final records share one trigger. */
const searchCache = new WeakMap<object, string>();

export function searchText(data: unknown): string {
  if (typeof data !== 'object' || data === null) return computeSearchText(data);
  let text = searchCache.get(data);
  if (text === undefined) {
    text = computeSearchText(data);
    searchCache.set(data, text);
  }
  return text;
}

function computeSearchText(data: unknown): string {
  const json = JSON.stringify(data ?? null) ?? '';
  if (json.length <= SEARCH_TEXT_CHARS) return json.toLowerCase();
  return Buffer.from(json.slice(0, SEARCH_TEXT_CHARS).toLowerCase(), 'utf8').toString('utf8');
}
