/** Group-commit appender for run history: queued lines go out in one durable positional write per batch (O_DSYNC, or write + fdatasync). */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from './fs-utils';
import type { RunIndex, RunSummary, Segment } from './run-index';
import { type EncodedLine, encodeTombstoneLine, writeLine } from './run-line';
import { segmentName, utcDay } from './segment-names';

/**
 * Segments are opened with O_DSYNC where the platform has it: each positional write then returns only once its data
 * is durable, exactly as write + fdatasync, in one system call and one thread-pool round trip instead of two.
 * Elsewhere (Windows) every batch write is followed by an explicit fdatasync.
 */
const DSYNC = constants.O_DSYNC ?? 0;
const OPEN_EXISTING = constants.O_RDWR | DSYNC;
const OPEN_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | DSYNC;

type Item =
  | {
      kind: 'run';
      line: EncodedLine;
      summary: RunSummary;
      resolve(): void;
      reject(e: unknown): void;
    }
  | { kind: 'delete'; pick(): string[]; resolve(n: number): void; reject(e: unknown): void };

export interface WriterOptions {
  runsDir: string;
  index: RunIndex;
  now: () => Date;
  fsyncBatchMs: number;
  maxSegmentBytes: number;
  maxBatchBytes: number;
}

export class RunWriter {
  readonly stats = { appends: 0, fsyncs: 0, bytes: 0, segmentsCreated: 0 };
  #queue: Item[] = [];
  #running: Promise<void> | undefined;
  #active: { seg: Segment; handle: FileHandle } | undefined;
  #failed: unknown;

  constructor(private readonly o: WriterOptions) {}

  /** The segment appends currently go to; compaction leaves it alone. */
  get activeSegment(): Segment | undefined {
    return this.#active?.seg;
  }

  /** `line` is the whole line (see run-line.ts). */
  append(summary: RunSummary, line: EncodedLine): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#enqueue({ kind: 'run', line, summary, resolve, reject });
    });
  }

  /** Appends a tombstone for the ids `pick()` returns when the batch is cut (so it sees the index in file order). */
  deleteRuns(pick: () => string[]): Promise<number> {
    return new Promise<number>((resolve, reject) => this.#enqueue({ kind: 'delete', pick, resolve, reject }));
  }

  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.#active?.handle.close();
    this.#active = undefined;
  }

  #enqueue(item: Item): void {
    if (this.#failed) {
      item.reject(this.#failed);
      return;
    }
    this.#queue.push(item);
    this.#kick();
  }

  #kick(): void {
    if (this.#running) return;
    this.#running = this.#run().finally(() => {
      this.#running = undefined;
      // An item queued by a caller resumed after the loop's last check but before this callback.
      if (this.#queue.length > 0) this.#kick();
    });
  }

  async #run(): Promise<void> {
    const ms = this.o.fsyncBatchMs;
    await new Promise<void>((r) => (ms > 0 ? setTimeout(r, ms) : setImmediate(r)));
    while (this.#queue.length > 0) {
      const first = this.#queue[0]!;
      if (first.kind === 'delete') {
        this.#queue.shift();
        await this.#writeDelete(first);
        continue;
      }
      const batch: Array<Extract<Item, { kind: 'run' }>> = [];
      let bytes = 0;
      for (const item of this.#queue) {
        if (item.kind !== 'run' || (batch.length > 0 && bytes + item.line.bytes > this.o.maxBatchBytes))
          break;
        batch.push(item);
        bytes += item.line.bytes;
      }
      this.#queue.splice(0, batch.length);
      try {
        const { seg, offset } = await this.#write(batch.map((i) => i.line));
        let at = offset;
        for (const item of batch) {
          this.o.index.set(item.summary, seg, at, item.line.bytes - 1);
          at += item.line.bytes;
        }
        for (const item of batch) item.resolve();
      } catch (err) {
        for (const item of batch) item.reject(err);
      }
    }
  }

  async #writeDelete(item: Extract<Item, { kind: 'delete' }>): Promise<void> {
    try {
      const ids = item.pick().filter((id) => this.o.index.entries.has(id));
      if (ids.length > 0) {
        const { seg } = await this.#write([encodeTombstoneLine(ids)]);
        for (const id of ids) {
          this.o.index.remove(id);
          seg.tombstones.add(id);
        }
      }
      item.resolve(ids.length);
    } catch (err) {
      item.reject(err);
    }
  }

  /**
   * All lines encoded into one buffer and written with one positional write, durable when it returns (O_DSYNC, else
   * an fdatasync after it). On failure the file is cut back to where it was.
   */
  async #write(lines: EncodedLine[]): Promise<{ seg: Segment; offset: number }> {
    let total = 0;
    for (const line of lines) total += line.bytes;
    const buf = Buffer.allocUnsafe(total);
    let filled = 0;
    for (const line of lines) filled = writeLine(buf, filled, line);
    if (filled !== total) throw new Error(`run history: encoded ${filled} bytes, expected ${total}`);
    const { seg, handle } = await this.#segmentFor(total);
    const offset = seg.size;
    try {
      let done = 0;
      while (done < total) {
        const { bytesWritten } = await handle.write(buf, done, total - done, offset + done);
        done += bytesWritten;
      }
      if (DSYNC === 0) await handle.datasync();
    } catch (err) {
      try {
        await handle.truncate(offset);
      } catch {
        // A gap of garbage mid-segment would read as corruption: stop accepting writes until reopened.
        this.#failed = err;
      }
      throw err;
    }
    seg.size += total;
    this.stats.appends++;
    this.stats.fsyncs++;
    this.stats.bytes += total;
    return { seg, offset };
  }

  #fits(s: Segment, day: string, bytes: number): boolean {
    return s.day >= day && (s.size === 0 || s.size + bytes <= this.o.maxSegmentBytes);
  }

  /** The segment to append to: the last one while it is today's (or later) and has room, else a new one. */
  async #segmentFor(bytes: number): Promise<{ seg: Segment; handle: FileHandle }> {
    const day = utcDay(this.o.now());
    const last = this.o.index.segments.at(-1);
    if (this.#active && this.#active.seg === last && this.#fits(last, day, bytes)) return this.#active;
    await this.#active?.handle.close();
    this.#active = undefined;
    if (last && this.#fits(last, day, bytes)) {
      this.#active = { seg: last, handle: await open(path.join(this.o.runsDir, last.name), OPEN_EXISTING) };
      return this.#active;
    }
    const name = !last || day > last.day ? segmentName(day, 0) : segmentName(last.day, last.part + 1);
    const seg: Segment = { ...name, size: 0, liveBytes: 0, liveCount: 0, tombstones: new Set() };
    const handle = await open(path.join(this.o.runsDir, name.name), OPEN_NEW);
    await fsyncDir(this.o.runsDir);
    this.o.index.addSegment(seg);
    this.stats.segmentsCreated++;
    this.#active = { seg, handle };
    return this.#active;
  }
}
