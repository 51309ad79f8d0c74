/** The documented recovery path for a damaged state.json: put the last good copy (state.json.bak) back in place. */
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { StoreCorruptError } from '../types';
import { DurableJsonFile } from './durable-json-file';
import { isCode, writeFileDurable } from './fs-utils';

export interface RecoveryResult {
  /** Where the damaged file was moved (kept for inspection), if there was one. */
  damagedCopy?: string;
  restoredFrom: string;
}

/**
 * Run with the store closed. Checks `state.json.bak` is readable, moves the current `state.json` aside as
 * `state.json.damaged-<time>`, and copies the backup into place. Run history (runs/) is not touched.
 * @example
 * await recoverFromBackup('./data'); // then open the store again
 */
export async function recoverFromBackup(dir: string): Promise<RecoveryResult> {
  const file = path.join(dir, 'state.json');
  const bak = `${file}.bak`;
  try {
    await readFile(bak);
  } catch (err) {
    if (isCode(err, 'ENOENT')) throw new StoreCorruptError(bak, 'there is no backup to restore');
    throw err;
  }
  // Throws StoreCorruptError naming the .bak when the backup is damaged too.
  await new DurableJsonFile(bak).read();
  let damagedCopy: string | undefined = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, damagedCopy);
  } catch (err) {
    if (!isCode(err, 'ENOENT')) throw err;
    damagedCopy = undefined;
  }
  await writeFileDurable(file, await readFile(bak));
  return damagedCopy ? { damagedCopy, restoredFrom: bak } : { restoredFrom: bak };
}
