/** A damaged state.json: the runtime refuses to start, names the file, leaves it byte-identical; state.json.bak restores it. */
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverFromBackup } from '../../apps/runtime/src/store/index';
import {
  adminApi,
  chainFlow,
  runRuntimeExpectingExit,
  spawnRuntime,
  tempDir,
} from '../support/runtime-process';

let dir = '';
let goodState: Buffer;
const stateFile = () => path.join(dir, 'state.json');

const flow = (id: string) =>
  chainFlow(
    id,
    { id: 'start', type: 'trigger.manual', config: {} },
    { id: 'a', type: 'transform.set', config: { fields: { id } } },
  );

beforeAll(async () => {
  dir = await tempDir();
  const rt = await spawnRuntime({ dir });
  const api = adminApi(rt.url);
  expect((await api('POST', '/api/v1/flows', flow('alpha'))).status).toBe(201);
  expect((await api('POST', '/api/v1/flows', flow('beta'))).status).toBe(201);
  // The last write: state.json.bak holds the state before it (alpha and beta).
  expect((await api('POST', '/api/v1/flows', flow('gamma'))).status).toBe(201);
  rt.proc.kill('SIGTERM');
  expect(await rt.exited).toBe(0);
  goodState = await readFile(stateFile());
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const damages: Array<[string, (good: Buffer) => Buffer]> = [
  ['truncated to half', (good) => good.subarray(0, Math.floor(good.length / 2))],
  ['empty', () => Buffer.alloc(0)],
  [
    'garbage bytes in the middle',
    (good) => Buffer.concat([good.subarray(0, 40), Buffer.from([0, 0xff, 0x7b]), good.subarray(43)]),
  ],
  ['valid JSON of the wrong shape', () => Buffer.from('{"flows": 5, "versions": []}\n')],
];

describe('damaged state.json', () => {
  for (const [name, damage] of damages) {
    it(`refuses to start (${name}), names the file and leaves it byte-identical`, async () => {
      const bad = damage(goodState);
      await writeFile(stateFile(), bad);
      const result = await runRuntimeExpectingExit({ dir });
      expect(result.started).toBe(false);
      expect(result.code).not.toBe('0');
      expect(result.output).toContain(stateFile());
      expect(result.output).toMatch(/state\.json\.bak/);
      expect((await readFile(stateFile())).equals(bad)).toBe(true);
    }, 60_000);
  }

  it('copying state.json.bak into place (by hand) brings the last good state back', async () => {
    await writeFile(stateFile(), goodState.subarray(0, 100));
    await copyFile(`${stateFile()}.bak`, stateFile());
    const rt = await spawnRuntime({ dir });
    try {
      const ids = (await adminApi(rt.url)('GET', '/api/v1/flows')).json.items.map(
        (f: { id: string }) => f.id,
      );
      expect(ids.sort()).toEqual(['alpha', 'beta']);
    } finally {
      await rt.kill('SIGKILL');
    }
    await writeFile(stateFile(), goodState);
  }, 60_000);

  it('recoverFromBackup() restores the backup and keeps the damaged file aside', async () => {
    const bad = goodState.subarray(0, 77);
    await writeFile(stateFile(), bad);
    const result = await recoverFromBackup(dir);
    expect(result.damagedCopy).toBeDefined();
    expect((await readFile(result.damagedCopy!)).equals(bad)).toBe(true);
    const rt = await spawnRuntime({ dir });
    try {
      const res = await adminApi(rt.url)('GET', '/api/v1/flows');
      expect(res.json.items.map((f: { id: string }) => f.id).sort()).toEqual(['alpha', 'beta']);
      const alpha = await adminApi(rt.url)('GET', '/api/v1/flows/alpha');
      expect(alpha.json.flow.nodes[1].config.fields).toEqual({ id: 'alpha' });
    } finally {
      await rt.kill('SIGKILL');
    }
  }, 60_000);
});
