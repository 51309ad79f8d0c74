/** Group-commit appender for run history: queued lines go out in one positional write + one fdatasync per batch. */
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from './fs-utils';
import type { RunIndex, RunSummary, Segment } from './run-index';
import { encodeTombstone } from './run-line';
import { segmentName, utcDay } from './segment-names';

type Item =
  | {
      kind: 'run';
      line: Buffer;
      text: string;
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
  /** Called for each run once durable and indexed (feeds the read cache). */
  onDurable(summary: RunSummary, text: string): void;
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

  /** `text` is the whole line (see run-line.ts), without the newline. */
  append(summary: RunSummary, text: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const line = Buffer.from(`${text}\n`, 'utf8');
      this.#enqueue({ kind: 'run', line, text, summary, resolve, reject });
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
        if (item.kind !== 'run' || (batch.length > 0 && bytes + item.line.length > this.o.maxBatchBytes))
          break;
        batch.push(item);
        bytes += item.line.length;
      }
      this.#queue.splice(0, batch.length);
      try {
        const { seg, offset } = await this.#write(batch.map((i) => i.line));
        let at = offset;
        for (const item of batch) {
          this.o.index.set(item.summary, seg, at, item.line.length - 1);
          this.o.onDurable(item.summary, item.text);
          at += item.line.length;
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
        const { seg } = await this.#write([Buffer.from(`${encodeTombstone(ids)}\n`, 'utf8')]);
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

  /** One positional write of all lines, then fdatasync. On failure the file is cut back to where it was. */
  async #write(lines: Buffer[]): Promise<{ seg: Segment; offset: number }> {
    const buf = lines.length === 1 ? lines[0]! : Buffer.concat(lines);
    const { seg, handle } = await this.#segmentFor(buf.length);
    const offset = seg.size;
    try {
      let done = 0;
      while (done < buf.length) {
        const { bytesWritten } = await handle.write(buf, done, buf.length - done, offset + done);
        done += bytesWritten;
      }
      await handle.datasync();
    } catch (err) {
      try {
        await handle.truncate(offset);
      } catch {
        // A gap of garbage mid-segment would read as corruption: stop accepting writes until reopened.
        this.#failed = err;
      }
      throw err;
    }
    seg.size += buf.length;
    this.stats.appends++;
    this.stats.fsyncs++;
    this.stats.bytes += buf.length;
    return { seg, offset };
  }

  /** The segment to append to: the last one while it is today's (or later) and has room, else a new one. */
  async #segmentFor(bytes: number): Promise<{ seg: Segment; handle: FileHandle }> {
    const day = utcDay(this.o.now());
    const last = this.o.index.segments.at(-1);
    const fits = (s: Segment) => s.day >= day && (s.size === 0 || s.size + bytes <= this.o.maxSegmentBytes);
    if (this.#active && this.#active.seg === last && fits(last)) return this.#active;
    await this.#active?.handle.close();
    this.#active = undefined;
    if (last && fits(last)) {
      this.#active = { seg: last, handle: await open(path.join(this.o.runsDir, last.name), 'r+') };
      return this.#active;
    }
    const name = !last || day > last.day ? segmentName(day, 0) : segmentName(last.day, last.part + 1);
    const seg: Segment = { ...name, size: 0, liveBytes: 0, liveCount: 0, tombstones: new Set() };
    const handle = await open(path.join(this.o.runsDir, name.name), 'wx');
    await fsyncDir(this.o.runsDir);
    this.o.index.addSegment(seg);
    this.stats.segmentsCreated++;
    this.#active = { seg, handle };
    return this.#active;
  }
}
