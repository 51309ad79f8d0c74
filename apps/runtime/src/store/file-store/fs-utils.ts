/** Small durable-file helpers: fsync a directory, write a file via temp + fsync + rename. */
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Makes a rename or a new file entry in `dir` durable. Some platforms cannot fsync a directory; that is not fatal. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    if (!isCode(err, 'EISDIR') && !isCode(err, 'EPERM') && !isCode(err, 'EINVAL')) throw err;
  } finally {
    await handle?.close();
  }
}

/** Writes `data` to `file` atomically and durably: temp file in the same folder, fdatasync, rename, fsync folder. */
export async function writeFileDurable(file: string, data: string | Buffer): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.datasync();
  } catch (err) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  await rename(temp, file);
  await fsyncDir(path.dirname(file));
}

export function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === code;
}
