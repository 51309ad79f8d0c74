/** Run history as append-only JSON Lines segments plus an in-memory index: open/rebuild, save, get, list, prune. */
import { mkdir, open, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord, RunStatus } from '@idflow/engine';
import type { RetentionPolicy, RunPage, RunQuery } from '../types';
import { StoreCorruptError } from '../types';
import { compactSegments, pickVictims } from './compaction';
import { asRunRecord, type IndexEntry, RunIndex, type Segment } from './run-index';
import { encodeRunLine, parseLine, readHeader } from './run-line';
import { selectPage } from './run-query';
import { RunWriter } from './run-writer';
import { parseSegmentName } from './segment-names';
import { scanLines } from './segment-scan';

export interface RunLogOptions {
  runsDir: string;
  now: () => Date;
  fsyncBatchMs: number;
  maxSegmentBytes: number;
  cacheSize: number;
  warn: (message: string) => void;
}

/** Cap on the text the read cache holds (UTF-16 code units); a line longer than a quarter of it is not cached. */
const CACHE_CHARS = 8 * 1024 * 1024;

export class RunLog {
  readonly index = new RunIndex();
  readonly writer: RunWriter;
  readonly counters = { compactions: 0, segmentsDeleted: 0, cacheHits: 0, tornTails: 0, openMs: 0 };
  /**
   * Recently read lines by run id (Map order = recency), at most `cacheSize` of them and CACHE_CHARS of text.
   * Written lines are not kept: at thousands of runs a second each cached line outlived the young generation and
   * filled the old one with garbage (most of the runtime's peak RSS), for reads that rarely come.
   */
  readonly #cache = new Map<string, { seg: Segment; offset: number; text: string }>();
  #cacheChars = 0;
  #pruning: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: RunLogOptions) {
    this.writer = new RunWriter({
      runsDir: o.runsDir,
      index: this.index,
      now: o.now,
      fsyncBatchMs: o.fsyncBatchMs,
      maxSegmentBytes: o.maxSegmentBytes,
      maxBatchBytes: 8 * 1024 * 1024,
    });
  }

  /** Scans every segment in write order; the last line per id wins, tombstones delete. A torn tail is cut off. */
  async open(): Promise<void> {
    const started = performance.now();
    await mkdir(this.o.runsDir, { recursive: true });
    const names = await readdir(this.o.runsDir);
    for (const name of names) {
      if (name.startsWith('.') && name.endsWith('.tmp')) await unlink(path.join(this.o.runsDir, name));
    }
    const segs = names.flatMap((n) => parseSegmentName(n) ?? []).sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const name of segs) {
      const seg: Segment = { ...name, size: 0, liveBytes: 0, liveCount: 0, tombstones: new Set() };
      this.index.addSegment(seg);
      await this.#load(seg);
    }
    this.counters.openMs = performance.now() - started;
  }

  async #load(seg: Segment): Promise<void> {
    const file = path.join(this.o.runsDir, seg.name);
    let badAt: number | undefined;
    const { size, lastNewlineEnd } = await scanLines(file, (buf, start, end, offset) => {
      const value = readHeader(buf, start, end);
      if (value === undefined) {
        badAt ??= offset;
        return;
      }
      if (badAt !== undefined) {
        throw new StoreCorruptError(
          file,
          `the line at byte ${badAt} is not a run record, yet valid lines follow it`,
        );
      }
      if ('deleted' in value) {
        for (const id of value.deleted) {
          this.index.remove(id);
          seg.tombstones.add(id);
        }
      } else {
        this.index.set(value.summary, seg, offset, end - start);
      }
    });
    const valid = badAt ?? lastNewlineEnd;
    if (valid < size) {
      // An append interrupted by a crash: keep the bytes aside for inspection, then cut them off.
      const aside = `${file}.torn-${Date.now()}`;
      const handle = await open(file, 'r+');
      try {
        const tail = Buffer.allocUnsafe(size - valid);
        await handle.read(tail, 0, tail.length, valid);
        await writeFile(aside, tail);
        await handle.truncate(valid);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      this.counters.tornTails++;
      this.o.warn(
        `run history: ${file} ended with ${size - valid} bytes of an interrupted write; cut them off (copy in ${aside})`,
      );
    }
    seg.size = valid;
  }

  save(run: RunRecord, json?: string): Promise<void> {
    if (!asRunRecord(run))
      return Promise.reject(new TypeError('saveRun: not a run record (id, flowId, status, trigger, steps)'));
    const summary = this.index.summarize(run);
    return this.writer.append(summary, encodeRunLine(summary, json ?? JSON.stringify(run)));
  }

  async get(id: string): Promise<RunRecord | undefined> {
    // Compaction may move a line between our index lookup and the read: check the id and look again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const e = this.index.entries.get(id);
      if (!e) return undefined;
      const hit = this.#cache.get(id);
      if (hit && hit.seg === e.seg && hit.offset === e.offset) {
        this.counters.cacheHits++;
        this.#remember(id, hit.text, e);
        const cached = parseLine(hit.text);
        if (cached && 'run' in cached) return cached.run;
      }
      const text = await this.#read(e);
      const value = text === undefined ? undefined : parseLine(text);
      if (value && 'run' in value && value.run.id === id) {
        // Cached at the place it was read from: a newer line of this run written meanwhile is elsewhere.
        this.#remember(id, text!, e);
        return value.run;
      }
    }
    throw new Error(`run history: could not read run ${id}; its segment keeps changing or is damaged`);
  }

  async #read(e: IndexEntry): Promise<string | undefined> {
    const { seg, offset, length } = e;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path.join(this.o.runsDir, seg.name), 'r');
    } catch {
      return undefined; // deleted by compaction meanwhile
    }
    try {
      const buf = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      return buf.toString('utf8', 0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async list(q: RunQuery): Promise<RunPage> {
    const page = selectPage(this.index.entries.values(), q);
    const items = (await Promise.all(page.entries.map((e) => this.get(e.id)))).filter((r) => r !== undefined);
    return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
  }

  /** Oldest first, so start-up recovery handles runs in the order they came in. */
  async findByStatus(statuses: RunStatus[]): Promise<RunRecord[]> {
    const wanted = new Set<string>(statuses);
    const hits = [...this.index.entries.values()].filter((e) => wanted.has(e.status));
    hits.sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1));
    const runs = await Promise.all(hits.map((e) => this.get(e.id)));
    return runs.filter((r) => r !== undefined);
  }

  /** Tombstones the victims (durably), then compacts. Serialized with itself; saves go on meanwhile. */
  prune(policy: RetentionPolicy, now: Date): Promise<number> {
    const job = this.#pruning.then(async () => {
      const removed = await this.writer.deleteRuns(() => pickVictims(this.index, policy, now));
      const { rewritten, deleted } = await compactSegments(
        this.o.runsDir,
        this.index,
        new Set([this.writer.activeSegment]),
      );
      this.counters.compactions += rewritten;
      this.counters.segmentsDeleted += deleted;
      return removed;
    });
    this.#pruning = job.catch(() => undefined);
    return job;
  }

  async close(): Promise<void> {
    await this.#pruning;
    await this.writer.close();
    this.#cache.clear();
    this.#cacheChars = 0;
  }

  #remember(id: string, text: string, e: IndexEntry): void {
    if (this.o.cacheSize <= 0 || text.length > CACHE_CHARS / 4) return;
    this.#forget(id);
    this.#cache.set(id, { seg: e.seg, offset: e.offset, text });
    this.#cacheChars += text.length;
    while (this.#cache.size > this.o.cacheSize || this.#cacheChars > CACHE_CHARS)
      this.#forget(this.#cache.keys().next().value!);
  }

  #forget(id: string): void {
    const old = this.#cache.get(id);
    if (!old) return;
    this.#cache.delete(id);
    this.#cacheChars -= old.text.length;
  }
}
