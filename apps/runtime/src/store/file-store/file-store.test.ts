/** The file store: the Store contract in a temp dir, plus what only files can get wrong (corruption, torn lines, batching). */
import { mkdtemp, readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStoreContract } from '../store-contract';
import { createFileStore } from './file-store';

runStoreContract('file store', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'idflow-store-'));
  return { store: createFileStore({ dir, warn: () => {} }), cleanup: () => rm(dir, { recursive: true, force: true }) };
});
