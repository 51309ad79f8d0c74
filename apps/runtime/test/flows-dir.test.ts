/** Directory mode (--flows-dir): load at start, watch edits/adds/removes, report invalid files, write API saves back. */
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  eventually,
  linearFlow,
  makeDataDir,
  manual,
  setNode,
  startTestRuntime,
  type TestRuntime,
  webhook,
} from './helpers';

let flowsDir: string;
let dataDir: string;
const running: TestRuntime[] = [];

afterEach(async () => {
  for (const rt of running.splice(0)) await rt.stop();
  await rm(flowsDir, { recursive: true, force: true });
});

async function start(
  files: Record<string, unknown> = {},
  opts: { keep?: boolean } = {},
): Promise<TestRuntime> {
  if (!opts.keep) {
    flowsDir = await mkdtemp(path.join(tmpdir(), 'idflow-flows-dir-'));
    dataDir = await makeDataDir();
    for (const [name, json] of Object.entries(files)) await put(name, json);
  }
  const rt = await startTestRuntime({ flowsDir }, { dir: dataDir });
  running.push(rt);
  return rt;
}

const put = (name: string, json: unknown) =>
  writeFile(
    path.join(flowsDir, name),
    typeof json === 'string' ? json : `${JSON.stringify(json, null, 2)}\n`,
  );
const fileText = (name: string) => readFile(path.join(flowsDir, name), 'utf8');

const valueFlow = (id: string, v: number, name = `Flow ${id}`) => ({
  ...linearFlow(id, manual(), setNode('out', { v })),
  name,
});
const hookFlow = (id: string, hookPath: string) =>
  linearFlow(id, webhook({ path: hookPath, respond: 'onCompletion' }), setNode('out', { via: hookPath }));

const view = async (rt: TestRuntime) => (await rt.api('GET', '/api/v1/flows-dir')).json;
const entry = async (rt: TestRuntime, file: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: test reads the JSON answer.
  (await view(rt)).files.find((f: any) => f.file === file);
const runValue = async (rt: TestRuntime, id: string) =>
  (await rt.api('POST', `/api/v1/flows/${id}/runs`, { wait: true })).json.run;

/**
 * A barrier for "nothing else happens": adds a marker file and waits until the watcher has loaded it. The watcher
 * scans the whole directory after the events settle, so every earlier change has been seen by then.
 */
let markers = 0;
async function settle(rt: TestRuntime): Promise<void> {
  const id = `marker-${++markers}`;
  await put(`${id}.flow.json`, valueFlow(id, 0));
  await eventually(async () => (await rt.api('GET', `/api/v1/flows/${id}`)).status === 200);
}

describe('flows dir', () => {
  it('loads every file at start, enabled, and reports invalid ones with line/column, paths and name mismatches', async () => {
    const rt = await start({
      'alpha.flow.json': valueFlow('alpha', 1),
      'hook.flow.json': hookFlow('hook', 'in'),
      'broken.flow.json': '{\n  "id": "broken",\n  "name": oops\n}\n',
      'bad-schema.flow.json': { ...valueFlow('bad-schema', 1), nodes: [{ id: 'x', type: 'no.such' }] },
      'wrong-name.flow.json': valueFlow('other-id', 1),
      'notes.txt': 'not a flow',
    });
    const list = (await rt.api('GET', '/api/v1/flows')).json.items;
    // biome-ignore lint/suspicious/noExplicitAny: test reads the JSON answer.
    expect(list.map((f: any) => [f.id, f.enabled, f.version]).sort()).toEqual([
      ['alpha', true, 1],
      ['hook', true, 1],
    ]);
    const v = await view(rt);
    expect(v.dir).toBe(path.resolve(flowsDir));
    // biome-ignore lint/suspicious/noExplicitAny: test reads the JSON answer.
    expect(v.files.map((f: any) => [f.file, f.status])).toEqual([
      ['alpha.flow.json', 'loaded'],
      ['bad-schema.flow.json', 'invalid'],
      ['broken.flow.json', 'invalid'],
      ['hook.flow.json', 'loaded'],
      ['wrong-name.flow.json', 'invalid'],
    ]);
    const broken = await entry(rt, 'broken.flow.json');
    expect(broken.errors[0]).toMatchObject({ line: 3, column: 11 });
    expect(broken.errors[0].message).toMatch(/line 3, column 11/);
    const schema = await entry(rt, 'bad-schema.flow.json');
    expect(schema.flowId).toBe('bad-schema');
    expect(schema.errors.some((e: { path: string }) => e.path.startsWith('nodes[0]'))).toBe(true);
    const wrong = await entry(rt, 'wrong-name.flow.json');
    expect(wrong.errors[0]).toMatchObject({ path: 'id', code: 'fileName' });
    expect(wrong.errors[0].message).toContain('other-id.flow.json');
    expect(rt.logs.some((l) => l.includes('broken.flow.json is invalid'))).toBe(true);
  });

  it('applies an edited file, an added file and a removed file', async () => {
    const rt = await start({
      'alpha.flow.json': valueFlow('alpha', 1),
      'beta.flow.json': valueFlow('beta', 1),
    });
    await put('alpha.flow.json', valueFlow('alpha', 2, 'Alpha edited'));
    const edited = await eventually(async () => {
      const r = await rt.api('GET', '/api/v1/flows/alpha');
      return r.json.version === 2 ? r.json : undefined;
    });
    expect(edited.flow.name).toBe('Alpha edited');
    expect(edited.enabled).toBe(true);
    expect((await runValue(rt, 'alpha')).output).toEqual({ v: 2 });

    await put('gamma.flow.json', valueFlow('gamma', 3));
    const added = await eventually(async () => {
      const r = await rt.api('GET', '/api/v1/flows/gamma');
      return r.status === 200 ? r.json : undefined;
    });
    expect(added).toMatchObject({ version: 1, enabled: true });

    await unlink(path.join(flowsDir, 'beta.flow.json'));
    await eventually(async () => (await rt.api('GET', '/api/v1/flows/beta')).status === 404);
    expect(await entry(rt, 'beta.flow.json')).toBeUndefined();
  });

  it('keeps the last good version running when an edit is invalid, and recovers when it is fixed', async () => {
    const rt = await start({ 'alpha.flow.json': valueFlow('alpha', 1) });
    await put('alpha.flow.json', '{ "schemaVersion": 1, "id": "alpha", }');
    const bad = await eventually(async () => {
      const e = await entry(rt, 'alpha.flow.json');
      return e?.status === 'invalid' ? e : undefined;
    });
    expect(bad.errors[0]).toMatchObject({ line: 1, column: 38 });
    await put('alpha.flow.json', { ...valueFlow('alpha', 5), edges: [{ from: 'start', to: 'nowhere' }] });
    const schemaBad = await eventually(async () => {
      const e = await entry(rt, 'alpha.flow.json');
      return e?.errors?.[0]?.path?.startsWith('edges') ? e : undefined;
    });
    expect(schemaBad.status).toBe('invalid');
    const stored = (await rt.api('GET', '/api/v1/flows/alpha')).json;
    expect(stored.version).toBe(1);
    const run = await runValue(rt, 'alpha');
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ v: 1 });

    await put('alpha.flow.json', valueFlow('alpha', 7));
    await eventually(async () => (await entry(rt, 'alpha.flow.json'))?.status === 'loaded');
    expect((await runValue(rt, 'alpha')).output).toEqual({ v: 7 });
  });

  it('writes API saves as the canonical file, recognises its own write, and deletes the file on DELETE', async () => {
    const rt = await start({ 'alpha.flow.json': valueFlow('alpha', 1) });
    const put1 = await rt.api('PUT', '/api/v1/flows/alpha', valueFlow('alpha', 2, 'Saved in the editor'), {
      'if-match': '"1"',
    });
    expect(put1.status).toBe(200);
    expect(put1.json.version).toBe(2);
    const exported = (await rt.api('GET', '/api/v1/flows/alpha/export')).text;
    expect(await fileText('alpha.flow.json')).toBe(exported);
    const written = await stat(path.join(flowsDir, 'alpha.flow.json'));
    const logsBefore = rt.logs.length;

    await settle(rt);
    const after = (await rt.api('GET', '/api/v1/flows/alpha')).json;
    expect(after.version).toBe(2);
    expect((await rt.api('GET', '/api/v1/flows/alpha/versions')).json.items).toHaveLength(2);
    const again = await stat(path.join(flowsDir, 'alpha.flow.json'));
    expect([again.ino, again.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
    expect(rt.logs.filter((l) => l.includes('wrote the flow file') && l.includes('"alpha"'))).toHaveLength(1);
    // The watcher saw its own write as a known sha: no "file changed" for alpha after the save.
    const later = rt.logs.slice(logsBefore).filter((l) => l.includes('file changed'));
    expect(later.some((l) => l.includes('marker-'))).toBe(true);
    expect(later.some((l) => l.includes('alpha.flow.json'))).toBe(false);
    expect(await entry(rt, 'alpha.flow.json')).toMatchObject({ status: 'unchanged' });
    expect((await view(rt)).files.some((f: { file: string }) => f.file.endsWith('.tmp'))).toBe(false);

    // A stale editor save after someone changed the file: the file wins, the save gets 409.
    await put('alpha.flow.json', valueFlow('alpha', 3));
    const stale = await rt.api('PUT', '/api/v1/flows/alpha', valueFlow('alpha', 9), { 'if-match': '"2"' });
    expect(stale.status).toBe(409);
    expect(JSON.parse(await fileText('alpha.flow.json')).nodes[1].config.fields.v).toBe(3);

    const created = await rt.api('POST', '/api/v1/flows', valueFlow('created', 1));
    expect(created.status).toBe(201);
    expect(await fileText('created.flow.json')).toBe(
      (await rt.api('GET', '/api/v1/flows/created/export')).text,
    );
    const imported = await rt.api('POST', '/api/v1/flows/import', { flows: [valueFlow('imported', 1)] });
    expect(imported.json.created).toEqual(['imported']);
    expect(JSON.parse(await fileText('imported.flow.json')).id).toBe('imported');

    expect((await rt.api('DELETE', '/api/v1/flows/created')).status).toBe(204);
    await expect(stat(path.join(flowsDir, 'created.flow.json'))).rejects.toThrow(/ENOENT/);
    await settle(rt);
    expect((await rt.api('GET', '/api/v1/flows/created')).status).toBe(404);
    expect((await rt.api('GET', '/api/v1/flows/imported')).status).toBe(200);
  });

  it('re-arms the webhook when a file changes its path', async () => {
    const rt = await start({ 'hook.flow.json': hookFlow('hook', 'first') });
    const { secret } = (await rt.api('POST', '/api/v1/flows/hook/webhook/secret', {})).json;
    const call = (p: string) =>
      fetch(`${rt.url}/hooks/${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: '{}',
      });
    const first = await call('first');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ via: 'first' });

    await put('hook.flow.json', hookFlow('hook', 'second'));
    await eventually(async () => (await call('second')).status === 200);
    expect((await call('first')).status).toBe(404);
    expect(await (await call('second')).json()).toEqual({ via: 'second' });
  });

  it('keeps enabled state in the store, migrates old files, and notices files removed while stopped', async () => {
    const v0 = {
      schemaVersion: 0,
      id: 'legacy',
      name: 'Legacy',
      nodes: [
        { id: 'start', type: 'trigger.manual', position: { x: 0.4, y: 0 }, data: { config: {} } },
        {
          id: 'out',
          type: 'transform.set',
          position: { x: 280, y: 0 },
          data: { config: { fields: { v: 0 } } },
        },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'out' }],
    };
    const rt = await start({
      'alpha.flow.json': valueFlow('alpha', 1),
      'beta.flow.json': valueFlow('beta', 1),
      'legacy.flow.json': v0,
    });
    expect(await entry(rt, 'legacy.flow.json')).toMatchObject({ status: 'loaded', migratedFrom: 0 });
    expect((await runValue(rt, 'legacy')).output).toEqual({ v: 0 });
    expect((await rt.api('POST', '/api/v1/flows/alpha/disable')).json.enabled).toBe(false);
    expect(await fileText('alpha.flow.json')).not.toContain('enabled');
    await rt.stop({ keepDir: true });
    running.splice(0);

    await put('alpha.flow.json', valueFlow('alpha', 2));
    await unlink(path.join(flowsDir, 'beta.flow.json'));
    const again = await start({}, { keep: true });
    const alpha = (await again.api('GET', '/api/v1/flows/alpha')).json;
    expect(alpha).toMatchObject({ version: 2, enabled: false });
    expect((await again.api('GET', '/api/v1/flows/beta')).status).toBe(404);
    expect(await entry(again, 'legacy.flow.json')).toMatchObject({ status: 'unchanged' });
  });

  it('refuses a missing directory and answers 404 on the view when directory mode is off', async () => {
    flowsDir = await mkdtemp(path.join(tmpdir(), 'idflow-flows-dir-'));
    await expect(
      startTestRuntime({ flowsDir: path.join(flowsDir, 'missing') }, { dir: await makeDataDir() }),
    ).rejects.toThrow(/not an existing directory/);
    const off = await startTestRuntime();
    running.push(off);
    expect((await off.api('GET', '/api/v1/flows-dir')).status).toBe(404);
    expect((await fetch(`${off.url}/api/v1/flows-dir`)).status).toBe(401);
    const spec = (await off.api('GET', '/api/v1/openapi.json')).json;
    expect(spec.paths['/api/v1/flows-dir'].get).toBeDefined();
  });
});
