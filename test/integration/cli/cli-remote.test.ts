/** export / import / diff against a real runtime (startRuntime on port 0), through the real CLI. */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRuntime, startRuntime } from '../../../apps/runtime/src/index';
import { flowsDir, runCli } from './run-cli';

const token = 'cli-test-admin-token-0123456789abcdef';
let tmp: string;
let rt: RunningRuntime;
let server: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'idflow-remote-'));
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
  rt = await startRuntime(
    { port: 0, host: '127.0.0.1', dataDir: join(tmp, 'data'), adminToken: token },
    { logStream: quiet },
  );
  server = rt.url;
}, 60_000);
afterAll(async () => {
  await rt?.close();
  await rm(tmp, { recursive: true, force: true });
});

const auth = () => ['--server', server, '--token', token];

async function freePortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise((resolve) => s.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('import, export, diff', { timeout: 60_000 }, () => {
  it('refuses an import with an invalid file, sending nothing', async () => {
    const dir = join(tmp, 'bad-import');
    await cp(flowsDir, dir, { recursive: true });
    await writeFile(
      join(dir, 'zz-broken.flow.json'),
      '{"schemaVersion": 1, "id": "zz", "name": "x", "nodes": [], "edges": [',
    );
    const r = await runCli(['import', dir, ...auth()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('zz-broken.flow.json:1:');
    expect(r.stderr).toContain('nothing was sent');
    const list = await fetch(`${server}/api/v1/flows`, { headers: { authorization: `Bearer ${token}` } });
    expect((await list.json()).items).toEqual([]);
  });

  it('imports every flow, then reports them unchanged', async () => {
    const first = await runCli(['import', 'flows', ...auth()]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created onboard-new-hire');
    expect(first.stdout).toMatch(/imported 8 flow\(s\): 8 created, 0 updated, 0 unchanged/);
    const again = await runCli(['import', 'flows'], { env: { IDFLOW_TOKEN: token, IDFLOW_SERVER: server } });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 created, 0 updated, 8 unchanged/);
  });

  it('exports byte-identical canonical files, reports stale ones and prunes them on request', async () => {
    const out = join(tmp, 'exported');
    const r = await runCli(['export', '--out', out, ...auth()]);
    expect(r.code).toBe(0);
    const names = (await readdir(out)).sort();
    expect(names).toEqual((await readdir(flowsDir)).filter((n) => n.endsWith('.flow.json')).sort());
    for (const name of names) {
      expect(await readFile(join(out, name), 'utf8'), name).toBe(
        await readFile(join(flowsDir, name), 'utf8'),
      );
    }
    await writeFile(join(out, 'gone.flow.json'), '{}');
    const stale = await runCli(['export', '--out', out, ...auth()]);
    expect(stale.stdout).toContain('gone.flow.json: not on the server (run with --prune to delete)');
    expect(stale.stdout).toContain('0 written, 8 unchanged, 1 stale');
    expect(await readdir(out)).toContain('gone.flow.json');
    const pruned = await runCli(['export', '--out', out, '--prune', ...auth()]);
    expect(pruned.stdout).toContain('deleted');
    expect(await readdir(out)).not.toContain('gone.flow.json');
  });

  it('diff shows nothing for the same flows and the fields, nodes and edges that changed', async () => {
    expect(await runCli(['diff', 'flows', ...auth()])).toMatchObject({ code: 0, stdout: 'no differences\n' });

    const dir = join(tmp, 'edited');
    await cp(flowsDir, dir, { recursive: true });
    const file = join(dir, 'sync-attributes.flow.json');
    const flow = JSON.parse(await readFile(file, 'utf8'));
    flow.name = 'Sync HR attributes';
    flow.nodes[2].config.connection = 'production-scim';
    flow.nodes.push({
      id: 'audit',
      type: 'transform.set',
      position: { x: 9, y: 9 },
      config: { fields: { a: 1 } },
    });
    flow.edges.push({ from: 'ok', to: 'audit' });
    await writeFile(file, JSON.stringify(flow));
    await rm(join(dir, 'jml-leaver.flow.json'));
    await writeFile(
      join(dir, 'brand-new.flow.json'),
      JSON.stringify({
        schemaVersion: 1,
        id: 'brand-new',
        name: 'New',
        nodes: [{ id: 's', type: 'trigger.manual', position: { x: 0, y: 0 } }],
        edges: [],
      }),
    );

    const d = await runCli(['diff', dir, ...auth()]);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('+ brand-new (added: not on the server)');
    expect(d.stdout).toContain('- jml-leaver (removed: only on the server)');
    expect(d.stdout).toContain('~ sync-attributes (changed)');
    expect(d.stdout).toContain('flow ~ name: "Sync changed HR attributes" → "Sync HR attributes"');
    expect(d.stdout).toContain('~ node update');
    expect(d.stdout).toContain('~ config.connection: "sandbox" → "production-scim"');
    expect(d.stdout).toContain('+ node audit');
    expect(d.stdout).toContain('+ edge ok → audit');
    expect(d.stdout).toContain('3 flow(s) differ');

    const dry = await runCli(['import', dir, '--dry-run', ...auth()]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would create brand-new');
    expect(dry.stdout).toContain('would update sync-attributes');
    expect(dry.stdout).toContain('dry run: 1 to create, 1 to update, 6 unchanged');
    const after = await runCli(['diff', dir, ...auth()]);
    expect(after.stdout).toContain('~ sync-attributes (changed)');
  });
});

describe('server errors', { timeout: 60_000 }, () => {
  it('says when the token is wrong', async () => {
    const r = await runCli([
      'export',
      '--out',
      join(tmp, 'x'),
      '--server',
      server,
      '--token',
      'wrong-token-wrong-token',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rejected the token (401 Unauthorized). Check --token or IDFLOW_TOKEN.');
  });

  it('says when the server cannot be reached', async () => {
    const url = await freePortUrl();
    const r = await runCli(['diff', 'flows', '--server', url, '--token', token]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach the idflow server at ${url}`);
    expect(r.stderr).toContain('ECONNREFUSED');
  });

  it('needs a token and a valid server URL', async () => {
    const r = await runCli(['import', 'flows', '--server', server]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--token is required (or set IDFLOW_TOKEN)');
    expect((await runCli(['import', 'flows', '--server', 'nope', '--token', 't'])).stderr).toContain(
      'must be a URL',
    );
  });
});
