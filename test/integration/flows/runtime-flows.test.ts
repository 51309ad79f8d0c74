/** The example flows in flows/, imported with the CLI into a real runtime, driven over HTTP against a real sandbox. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRuntime, startRuntime } from '../../../apps/runtime/src/index';
import { type RunningSandbox, startSandbox } from '../../../apps/scim-sandbox/src/index';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const admin = 'flows-test-admin-token-0123456789';
const hookToken = 'flows-test-webhook-token';
const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let tmp: string;
let sandbox: RunningSandbox;
let rt: RunningRuntime;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${rt.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function hook(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${rt.url}/hooks/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hookToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['packages/cli/bin/idflow.mjs', ...args],
      { cwd: repoRoot },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const user = (userName: string) => sandbox.store.listUsers().find((u) => u.userName === userName);

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'idflow-flows-'));
  sandbox = await startSandbox({ token: 'sandbox-token', port: 0 });
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  rt = await startRuntime({ port: 0, dataDir: join(tmp, 'data'), adminToken: admin }, { logStream: quiet });
  for (const c of [
    { name: 'sandbox', kind: 'scim', baseUrl: sandbox.url },
    { name: 'hr-feed', kind: 'http', baseUrl: sandbox.origin },
  ]) {
    const r = await api('POST', '/api/v1/connections', {
      ...c,
      auth: { type: 'bearer', token: 'sandbox-token' },
    });
    expect(r.status, JSON.stringify(r.json)).toBeLessThan(300);
  }
  const imported = await cli(['import', 'flows', '--enable', '--server', rt.url, '--token', admin]);
  expect(imported.code, imported.stderr).toBe(0);
  for (const id of ['onboard-new-hire', 'sync-attributes', 'joiner-mover-leaver']) {
    const r = await api('POST', `/api/v1/flows/${id}/webhook/secret`, { secret: hookToken });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await rt?.close();
  await sandbox?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('example flows on the runtime', { timeout: 60_000 }, () => {
  it('onboard-new-hire creates the user over a webhook and answers 201 with its id', async () => {
    const r = await hook('new-hire', {
      eventId: 'hire-2001',
      employeeId: 'E2001',
      email: 'frank.li@example.com',
      givenName: 'Frank',
      familyName: 'Li',
      department: 'Engineering',
      managerEmail: 'alice.johnson@example.com',
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const frank = user('frank.li@example.com');
    expect(r.json).toMatchObject({ userId: frank?.id, created: true, group: 'Engineering' });
    expect(frank?.[enterprise]).toMatchObject({
      employeeNumber: 'E2001',
      manager: { value: user('alice.johnson@example.com')?.id },
    });
    expect(frank?.groups).toEqual([expect.objectContaining({ display: 'Engineering' })]);
  });

  it('sync-attributes updates only the changed field, and answers 404 for a stranger', async () => {
    const r = await hook('hr-attributes', { email: 'bob.smith@example.com', changes: { title: 'VP Sales' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ changed: ['title'] });
    expect(user('bob.smith@example.com')?.title).toBe('VP Sales');
    expect((await hook('hr-attributes', { email: 'x@example.com', changes: { title: 'X' } })).status).toBe(
      404,
    );
  });

  it('joiner-mover-leaver routes a leave to jml-leaver', async () => {
    const r = await hook('hr-events', { type: 'leave', email: 'carol.nguyen@example.com' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({
      result: { found: true, deactivated: true, removedFrom: ['Engineering'] },
    });
    expect(user('carol.nguyen@example.com')?.active).toBe(false);
  });

  it('offboard-terminations reads the HR feed through hr-feed and offboards each person', async () => {
    const r = await api('POST', '/api/v1/flows/offboard-terminations/runs', { wait: true });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({
      run: { status: 'succeeded', output: { terminations: 2, succeeded: 2, failed: 0 } },
    });
    expect(user('dave.patel@example.com')?.active).toBe(false);
  });
});
