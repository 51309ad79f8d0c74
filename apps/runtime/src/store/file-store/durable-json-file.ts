/** lowdb adapter for state.json: strict read (StoreCorruptError, never overwrites), durable atomic write, `.bak` copy. */
import { copyFile, link, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { StoreCorruptError } from '../types';
import { fsyncDir, isCode, writeFileDurable } from './fs-utils';
import { type StateData, StateFileSchema } from './state-schema';

/**
 * Why not lowdb's own JSONFile: its writer (steno 4) writes a temp file and renames it, which is atomic, but it never
 * fsyncs, so a power cut can leave an empty state.json on some file systems. This adapter keeps lowdb's format
 * (2-space JSON) and adds fdatasync before the rename, a directory fsync after it, and `state.json.bak`.
 */
export class DurableJsonFile implements Adapter<StateData> {
  /** True once the file on disk is known to be good (read cleanly or written by us): only then is it backed up. */
  #diskIsGood = false;

  constructor(readonly file: string) {}

  async read(): Promise<StateData | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if (isCode(err, 'ENOENT')) return null;
      throw new StoreCorruptError(this.file, err instanceof Error ? err.message : String(err));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      const reason = text.trim() === '' ? 'the file is empty' : `not valid JSON: ${(err as Error).message}`;
      throw new StoreCorruptError(this.file, reason);
    }
    const parsed = StateFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StoreCorruptError(
        this.file,
        `unexpected content at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      );
    }
    this.#diskIsGood = true;
    return parsed.data;
  }

  async write(data: StateData): Promise<void> {
    if (this.#diskIsGood) await this.#backup();
    await writeFileDurable(this.file, `${JSON.stringify(data, null, 2)}\n`);
    this.#diskIsGood = true;
  }

  /** Keeps the current good file as `.bak`: a hard link (no copy) renamed into place, so `.bak` is never half-written. */
  async #backup(): Promise<void> {
    const dir = path.dirname(this.file);
    const tmp = path.join(dir, `.${path.basename(this.file)}.bak.tmp`);
    await unlink(tmp).catch(() => undefined);
    try {
      await link(this.file, tmp);
    } catch {
      await copyFile(this.file, tmp);
    }
    await rename(tmp, `${this.file}.bak`);
    await fsyncDir(dir);
  }
}
