/** Retention for run history: which runs a policy removes, and rewriting/deleting segments that became mostly garbage. */
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { RetentionPolicy } from '../types';
import { fsyncDir, writeFileDurable } from './fs-utils';
import type { IndexEntry, RunIndex, Segment } from './run-index';
import { encodeTombstone } from './run-line';

const DAY_MS = 86_400_000;
/** A segment is rewritten once at least this share of its bytes is garbage. */
export const GARBAGE_RATIO = 0.5;

/**
 * Runs the policy removes: per flow, those beyond the newest `maxRunsPerFlow`, and those older than `maxAgeDays`.
 * A limit ≤ 0 means no limit. Queued and running runs are never removed (they still count toward the per-flow limit).
 */
export function pickVictims(index: RunIndex, policy: RetentionPolicy, now: Date): string[] {
  const cutoff = policy.maxAgeDays > 0 ? now.getTime() - policy.maxAgeDays * DAY_MS : -Infinity;
  const byFlow = new Map<string, IndexEntry[]>();
  for (const e of index.entries.values()) {
    const list = byFlow.get(e.flowId);
    if (list) list.push(e);
    else byFlow.set(e.flowId, [e]);
  }
  const victims: string[] = [];
  for (const list of byFlow.values()) {
    if (policy.maxRunsPerFlow > 0 && list.length > policy.maxRunsPerFlow) {
      list.sort((a, b) => b.ts - a.ts || (a.id < b.id ? 1 : -1));
    }
    list.forEach((e, i) => {
      const tooMany = policy.maxRunsPerFlow > 0 && i >= policy.maxRunsPerFlow;
      if ((tooMany || e.ts < cutoff) && e.status !== 'queued' && e.status !== 'running') victims.push(e.id);
    });
  }
  return victims;
}

export interface CompactionResult {
  rewritten: number;
  deleted: number;
}

/**
 * Deletes segments with nothing left to say and rewrites those mostly garbage (temp file, fdatasync, rename). The last
 * segment and the one being appended to are left alone. Tombstones are kept (first in the rewritten file) while an
 * earlier segment might still hold the runs they delete; the oldest segment needs none.
 */
export async function compactSegments(
  runsDir: string,
  index: RunIndex,
  skip: ReadonlySet<Segment | undefined>,
): Promise<CompactionResult> {
  const result: CompactionResult = { rewritten: 0, deleted: 0 };
  const live = new Map<Segment, IndexEntry[]>();
  for (const e of index.entries.values()) {
    const list = live.get(e.seg);
    if (list) list.push(e);
    else live.set(e.seg, [e]);
  }
  for (const seg of [...index.segments]) {
    if (skip.has(seg) || seg === index.segments.at(-1)) continue;
    const oldest = index.segments[0] === seg;
    const tombs = oldest ? [] : [...seg.tombstones].filter((id) => !index.entries.has(id));
    const file = path.join(runsDir, seg.name);
    if (seg.liveCount === 0 && tombs.length === 0) {
      await unlink(file);
      await fsyncDir(runsDir);
      index.dropSegment(seg);
      result.deleted++;
      continue;
    }
    const garbage = seg.size - seg.liveBytes - seg.liveCount;
    if (seg.size === 0 || garbage / seg.size < GARBAGE_RATIO) continue;
    await rewrite(
      file,
      seg,
      (live.get(seg) ?? []).filter((e) => e.seg === seg),
      tombs,
      index,
    );
    result.rewritten++;
  }
  return result;
}

async function rewrite(file: string, seg: Segment, entries: IndexEntry[], tombs: string[], index: RunIndex) {
  entries.sort((a, b) => a.offset - b.offset);
  const old = await readFile(file);
  const parts: Buffer[] = [];
  let size = 0;
  if (tombs.length > 0) {
    const t = Buffer.from(`${encodeTombstone(tombs)}\n`, 'utf8');
    parts.push(t);
    size += t.length;
  }
  const moves: Array<{ e: IndexEntry; from: number; to: number }> = [];
  for (const e of entries) {
    parts.push(old.subarray(e.offset, e.offset + e.length + 1));
    moves.push({ e, from: e.offset, to: size });
    size += e.length + 1;
  }
  await writeFileDurable(file, Buffer.concat(parts, size));
  // Runs saved again while we copied now live in the active segment: only move entries that still point here.
  for (const { e, from, to } of moves) {
    if (index.entries.get(e.id) === e && e.seg === seg && e.offset === from) e.offset = to;
  }
  seg.size = size;
  seg.tombstones = new Set(tombs);
}
