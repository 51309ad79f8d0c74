/**
 * One line of a run-history segment. A run line is `{"i":[id,flowId,status,ts,parentRunId,search],"r":<RunRecord>}`:
 * the small index header comes first so start-up reads only the header of each line, never the whole record.
 * A tombstone line is `{"$deleted":[ids]}`. Each line is valid JSON, so `jq .r runs/*.jsonl` works.
 */
import type { RunRecord, RunStatus } from '@idflow/engine';
import { asRunRecord, RUN_STATUSES, type RunSummary } from './run-index';

const RUN_PREFIX = Buffer.from('{"i":[');
const TOMB_PREFIX = Buffer.from('{"$deleted":');
const RECORD_KEY = Buffer.from(',"r":');

export type Line = { run: RunRecord } | { deleted: string[] };
export type Header = { summary: RunSummary } | { deleted: string[] };

/**
 * A line ready to append: its text in pieces (`head` + `json` + `}` for a run line) and its UTF-8 size, newline
 * included. The writer encodes a whole batch into one buffer (see writeLine): no concatenated string to flatten and
 * no buffer per line.
 */
export interface EncodedLine {
  head: string;
  json: string;
  /** A run line closes the object `head` opened. */
  close: boolean;
  bytes: number;
}

export function encodeRunLine(s: RunSummary, runJson: string): EncodedLine {
  const head = `{"i":${JSON.stringify([s.id, s.flowId, s.status, s.ts, s.parentRunId ?? null, s.search])},"r":`;
  const bytes = Buffer.byteLength(head, 'utf8') + Buffer.byteLength(runJson, 'utf8') + 2;
  return { head, json: runJson, close: true, bytes };
}

export function encodeTombstoneLine(ids: string[]): EncodedLine {
  const head = encodeTombstone(ids);
  return { head, json: '', close: false, bytes: Buffer.byteLength(head, 'utf8') + 1 };
}

/** Writes the line (newline included) into `buf` at `at`; returns where it ends. */
export function writeLine(buf: Buffer, at: number, line: EncodedLine): number {
  let end = at + buf.write(line.head, at, 'utf8');
  if (line.json.length > 0) end += buf.write(line.json, end, 'utf8');
  if (line.close) buf[end++] = 0x7d; // }
  buf[end++] = 0x0a; // \n
  return end;
}

export function encodeTombstone(ids: string[]): string {
  return JSON.stringify({ $deleted: ids });
}

/** Parses a whole line (getRun, compaction checks). Undefined when it is not a valid line. */
export function parseLine(text: string): Line | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if ('$deleted' in value) return asIds(value.$deleted);
  const run = 'r' in value ? asRunRecord(value.r) : undefined;
  return run ? { run } : undefined;
}

/** Reads only the index header of the line in `buf[start, end)`. Undefined when the line is damaged. */
export function readHeader(buf: Buffer, start: number, end: number): Header | undefined {
  if (end - start < 2 || buf[end - 1] !== 0x7d /* } */) return undefined;
  if (startsWith(buf, start, TOMB_PREFIX)) {
    const parsed = parseLine(buf.toString('utf8', start, end));
    return parsed && 'deleted' in parsed ? parsed : undefined;
  }
  if (!startsWith(buf, start, RUN_PREFIX)) return undefined;
  const from = start + RUN_PREFIX.length - 1; // at '['
  const to = arrayEnd(buf, from, end);
  if (to === -1 || !startsWith(buf, to, RECORD_KEY)) return undefined;
  let h: unknown;
  try {
    h = JSON.parse(buf.toString('utf8', from, to));
  } catch {
    return undefined;
  }
  if (!Array.isArray(h) || h.length !== 6) return undefined;
  const [id, flowId, status, ts, parentRunId, search] = h as unknown[];
  const ok =
    typeof id === 'string' &&
    typeof flowId === 'string' &&
    typeof status === 'string' &&
    RUN_STATUSES.has(status) &&
    typeof ts === 'number' &&
    (parentRunId === null || typeof parentRunId === 'string') &&
    typeof search === 'string';
  if (!ok) return undefined;
  return {
    summary: { id, flowId, status: status as RunStatus, ts, parentRunId: parentRunId ?? undefined, search },
  };
}

function asIds(ids: unknown): Line | undefined {
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? { deleted: ids } : undefined;
}

function startsWith(buf: Buffer, at: number, prefix: Buffer): boolean {
  return buf.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

/** Index just past the JSON array opening at `from` (strings and escapes respected), or -1. */
function arrayEnd(buf: Buffer, from: number, end: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < end; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) depth++;
    else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
