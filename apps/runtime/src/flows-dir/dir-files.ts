/** File system side of the flows directory: read every `*.flow.json` with its content hash, write atomically, delete. */
import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { FLOW_FILE_SUFFIX } from './flow-file';

export interface DirFile {
  text: string;
  /** sha256 of the file's bytes: an unchanged save (or the runtime's own write) is recognised by it. */
  sha: string;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Throws a readable error unless `dir` is an existing directory. */
export async function assertDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    throw new Error(`IDFLOW_FLOWS_DIR: ${dir} is not an existing directory (create it, or fix the path)`);
}

/** Every `*.flow.json` regular file (or symlink) directly in `dir`, by file name. Unreadable files get `error`. */
export async function readFlowDir(dir: string): Promise<Map<string, DirFile | { error: string }>> {
  const out = new Map<string, DirFile | { error: string }>();
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (!e.name.endsWith(FLOW_FILE_SUFFIX) || e.name.startsWith('.')) continue;
    if (!e.isFile() && !e.isSymbolicLink()) continue;
    try {
      const text = await readFile(path.join(dir, e.name), 'utf8');
      out.set(e.name, { text, sha: sha256(text) });
    } catch (err) {
      // Removed between readdir and read: the next scan sees it gone.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      out.set(e.name, { error: (err as Error).message });
    }
  }
  return out;
}

/** Reads one file's text, undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes `text` to `file` through a hidden temp file in the same directory, fsync, then rename. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}
