/** The HTTP node's SSRF guard as the runtime configures it, and the editor's Content-Security-Policy. */
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../apps/runtime/src/index';
import { type DelayServer, startDelayServer } from '../support/delay-server';
import { type InProcRuntime, startInProc } from '../support/runtime-inproc';
import { chainFlow, httpCall, tempDir } from '../support/runtime-process';

let target: DelayServer;
let redirector: Server;
let redirectorUrl = '';

beforeAll(async () => {
  target = await startDelayServer(0);
  // Redirects every request to the target through the name "localhost" (another host than 127.0.0.1).
  redirector = createServer((_req, res) => {
    res.writeHead(302, { location: target.url.replace('127.0.0.1', 'localhost') });
    res.end();
  });
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => redirector.close(() => r()));
  await target?.close();
});

async function callOnce(rt: InProcRuntime, url: string) {
  const id = `ssrf-${Math.random().toString(36).slice(2, 8)}`;
  const flow = chainFlow(
    id,
    { id: 'start', type: 'trigger.manual', config: {} },
    { id: 'call', type: 'http.request', config: { url, timeoutMs: 3000 } },
  );
  expect((await rt.api('POST', '/api/v1/flows', flow)).status).toBe(201);
  const res = await rt.api('POST', `/api/v1/flows/${id}/runs`, { wait: true });
  expect(res.status).toBe(200);
  return res.json.run as { status: string; error?: { code: string; message: string } };
}

describe('documented default of the SSRF guard', () => {
  it('IDFLOW_HTTP_DENY_PRIVATE defaults to true in production and off otherwise', () => {
    const base = { IDFLOW_ADMIN_TOKEN: 'x'.repeat(20) };
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).httpDenyPrivate).toBe(true);
    expect(
      loadConfig({ ...base, NODE_ENV: 'production', IDFLOW_HTTP_DENY_PRIVATE: 'false' }).httpDenyPrivate,
    ).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).httpDenyPrivate ?? false).toBe(false);
    expect(loadConfig({ ...base }).httpAllowHosts).toEqual([]);
  });
});

describe('with IDFLOW_HTTP_DENY_PRIVATE=true', () => {
  let rt: InProcRuntime;
  beforeAll(async () => {
    rt = await startInProc({ httpDenyPrivate: true });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it('refuses loopback, private, link-local and metadata addresses in every spelling, before any request', async () => {
    const port = new URL(target.url).port;
    const urls = [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      `http://[::1]:${port}/`,
      `http://0x7f000001:${port}/`,
      `http://2130706433:${port}/`,
      `http://127.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://0.0.0.0:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://172.16.0.1/',
      'http://[fd00::1]/',
      'file:///etc/passwd',
    ];
    const before = target.seen.length;
    for (const url of urls) {
      const run = await callOnce(rt, url);
      expect(run.status, url).toBe('failed');
      expect(run.error?.message, url).toMatch(
        /private address|Only http and https|not an http\(s\)|IDFLOW_HTTP/,
      );
    }
    expect(target.seen.length).toBe(before);
  });
});

describe('with an allow list', () => {
  let rt: InProcRuntime;
  beforeAll(async () => {
    rt = await startInProc({ httpAllowHosts: '127.0.0.1' });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it('calls an allowed host, refuses others, and re-checks redirects', async () => {
    const ok = await callOnce(rt, `${target.url}/allowed`);
    expect(ok.status).toBe('succeeded');
    const before = target.seen.length;
    const other = await callOnce(rt, target.url.replace('127.0.0.1', 'localhost'));
    expect(other.status).toBe('failed');
    expect(other.error?.message).toMatch(/IDFLOW_HTTP_ALLOW_HOSTS/);
    const redirected = await callOnce(rt, redirectorUrl);
    expect(redirected.status).toBe('failed');
    expect(redirected.error?.message).toMatch(/IDFLOW_HTTP_ALLOW_HOSTS/);
    expect(target.seen.length).toBe(before);
  });
});

describe('default (development) config', () => {
  let rt: InProcRuntime;
  beforeAll(async () => {
    rt = await startInProc();
  });
  afterAll(async () => {
    await rt?.stop();
  });
  it('lets flows call a local server (so the refusals above are the guard)', async () => {
    const run = await callOnce(rt, `${target.url}/dev`);
    expect(run.status).toBe('succeeded');
  });
});

describe('editor Content-Security-Policy', () => {
  let rt: InProcRuntime;
  beforeAll(async () => {
    const editorDir = path.join(await tempDir('idflow-editor-'), 'dist');
    await mkdir(editorDir, { recursive: true });
    await writeFile(
      path.join(editorDir, 'index.html'),
      '<!doctype html><html><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>',
    );
    rt = await startInProc({ editorDir });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const directives = (csp: string) =>
    new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map((d) => [d[0]!, d.slice(1)]),
    );

  it('serves / and client routes with a CSP that forbids inline and eval scripts', async () => {
    for (const p of ['/', '/flows/some-flow', '/index.html']) {
      const res = await httpCall(`${rt.url}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.text).toContain('<div id="root">');
      const csp = String(res.headers['content-security-policy'] ?? '');
      const d = directives(csp);
      const scripts = d.get('script-src') ?? d.get('default-src');
      expect(scripts, `${p}: ${csp}`).toBeDefined();
      for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:'])
        expect(scripts, p).not.toContain(bad);
      expect(d.get('object-src') ?? d.get('default-src')).toEqual(["'none'"]);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
