/** state.json through lowdb: serialized, batched mutations; a batch is one durable write, and a failed write changes nothing. */
import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-json-file';
import { draftOf, emptyState, type StateData } from './state-schema';

interface Op {
  /** Must check everything before it changes the draft: throwing after a change would leak a partial change. */
  apply(draft: StateData): unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export class StateDb {
  readonly #db: Low<StateData>;
  #queue: Op[] = [];
  #draining: Promise<void> | undefined;
  writes = 0;

  constructor(readonly file: string) {
    this.#db = new Low<StateData>(new DurableJsonFile(file), emptyState());
  }

  /** Reads state.json (absent → empty). Throws StoreCorruptError and leaves the file alone when it is unreadable. */
  async open(): Promise<void> {
    await this.#db.read();
  }

  /** The committed state. Treat as read-only; copy what you hand out. */
  get data(): StateData {
    return this.#db.data;
  }

  /**
   * Runs `fn` on a draft and writes it. Mutations queued while a write is in flight share the next write (group
   * commit); each op that throws is rejected alone, the others still commit. Returns `fn`'s result once durable.
   */
  mutate<T>(fn: (draft: StateData) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ apply: fn, resolve: (v) => resolve(v as T), reject });
      this.#kick();
    });
  }

  #kick(): void {
    if (this.#draining) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
      // An op queued by a caller resumed after the loop's last check but before this callback.
      if (this.#queue.length > 0) this.#kick();
    });
  }

  /** Waits until every queued mutation is written. */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    // Let the current tick's callers join the first batch.
    await new Promise<void>((r) => setImmediate(r));
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      const draft = draftOf(this.#db.data);
      const done: Array<{ op: Op; value: unknown }> = [];
      for (const op of batch) {
        try {
          done.push({ op, value: op.apply(draft) });
        } catch (err) {
          op.reject(err);
        }
      }
      if (done.length === 0) continue;
      try {
        await this.#db.adapter.write(draft);
        this.#db.data = draft;
        this.writes++;
        for (const { op, value } of done) op.resolve(value);
      } catch (err) {
        for (const { op } of done) op.reject(err);
      }
    }
  }
}
