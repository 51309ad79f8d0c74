/** `idflow migrate` and migration on load: a schemaVersion 0 file validates, runs and is rewritten canonically. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

/** The pre-release (schemaVersion 0) shape: React Flow nodes with data.config, source/target edges. */
const v0 = {
  schemaVersion: 0,
  id: 'legacy-greeting',
  name: 'Legacy greeting',
  nodes: [
    {
      id: 'start',
      type: 'trigger.manual',
      position: { x: 0.4, y: 10.6 },
      data: { label: 'Start', config: {} },
    },
    {
      id: 'greet',
      type: 'transform.set',
      position: { x: 280, y: 0 },
      data: { config: { fields: { greeting: "='Hello ' & trigger.name" } }, selected: true },
    },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'greet', sourceHandle: null, targetHandle: 'in' }],
};

let tmp: string;
let file: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'idflow-migrate-'));
  file = join(tmp, 'legacy-greeting.flow.json');
  await writeFile(file, JSON.stringify(v0, null, 4));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('schemaVersion migration', { timeout: 30_000 }, () => {
  it('validate and run migrate an old file in memory, leaving it untouched', async () => {
    const before = await readFile(file, 'utf8');
    const v = await runCli(['validate', file]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('ok (schemaVersion 0, migrated)');
    const input = join(tmp, 'input.json');
    await writeFile(input, '{"name": "Ada"}');
    const r = await runCli(['run', file, '--input', input, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).output).toEqual({ greeting: 'Hello Ada' });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('migrate --check reports the file; migrate rewrites it canonically, then it is unchanged', async () => {
    const check = await runCli(['migrate', '--check', file]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('would be migrated schemaVersion 0 → 1');

    const m = await runCli(['migrate', file]);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain('migrated schemaVersion 0 → 1');
    const text = await readFile(file, 'utf8');
    const json = JSON.parse(text);
    expect(json.schemaVersion).toBe(1);
    expect(json.nodes[0]).toEqual({
      id: 'start',
      type: 'trigger.manual',
      name: 'Start',
      position: { x: 0, y: 11 },
      config: {},
    });
    expect(json.edges).toEqual([{ from: 'start', to: 'greet' }]);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('    { "from": "start", "to": "greet" }');

    expect(await runCli(['migrate', file])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('unchanged'),
    });
    expect((await runCli(['migrate', '--check', file])).code).toBe(0);
  });

  it('refuses a file from a newer idflow and leaves an invalid file alone', async () => {
    const future = join(tmp, 'future.flow.json');
    await writeFile(future, JSON.stringify({ ...v0, schemaVersion: 7 }));
    const r = await runCli(['migrate', future]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('schemaVersion 7 is newer than this idflow understands');

    const invalid = join(tmp, 'invalid.flow.json');
    const body = JSON.stringify({ ...v0, id: 'Not A Slug' });
    await writeFile(invalid, body);
    const i = await runCli(['migrate', invalid]);
    expect(i.code).toBe(1);
    expect(i.stderr).toContain('not rewritten');
    expect(await readFile(invalid, 'utf8')).toBe(body);
  });

  it('the example flows are already canonical', async () => {
    const r = await runCli(['migrate', '--check', 'flows']);
    expect(r.stdout).not.toContain('would be');
    expect(r.code).toBe(0);
  });
});
