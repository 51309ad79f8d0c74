import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../src/openapi';
import { ADMIN_TOKEN, makeDataDir, startTestRuntime, type TestRuntime } from './helpers';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});

const concrete = (path: string) => path.replace(/:([A-Za-z]+)/g, 'some-$1');

describe('admin auth walks the route table', () => {
  it('answers 401, the same way, without a token and with a wrong one on every admin route', async () => {
    const admin = rt.runtime.routes.filter((r) => r.auth === 'admin' || r.auth === 'adminOrQuery');
    expect(admin.length).toBeGreaterThan(20);
    for (const r of admin) {
      const url = `${rt.url}${concrete(r.path)}`;
      const init = {
        method: r.method.toUpperCase(),
        headers: { 'content-type': 'application/json' },
        body: r.method === 'get' ? undefined : '{}',
      };
      const none = await fetch(url, init);
      const wrong = await fetch(url, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${ADMIN_TOKEN}x` },
      });
      const query = await fetch(`${url}?token=${ADMIN_TOKEN}x`, init);
      for (const res of [none, wrong, query]) {
        expect(res.status, `${r.method} ${r.path}`).toBe(401);
      }
      const [a, b] = [await none.json(), await wrong.json()];
      expect(a).toEqual(b);
      expect(a.error.code).toBe('UNAUTHORIZED');
    }
  });

  it('answers 401 on unknown /api routes without a token', async () => {
    expect((await fetch(`${rt.url}/api/v1/nothing-here`)).status).toBe(401);
  });

  it('accepts ?token= only on the events route', async () => {
    const flows = await fetch(`${rt.url}/api/v1/flows?token=${ADMIN_TOKEN}`);
    expect(flows.status).toBe(401);
    const controller = new AbortController();
    const events = await fetch(`${rt.url}/api/v1/events?token=${ADMIN_TOKEN}`, { signal: controller.signal });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
  });
});

describe('OpenAPI', () => {
  it('lists every route of the table, with security on admin routes', async () => {
    const doc = (await rt.api('GET', '/api/v1/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    for (const r of rt.runtime.routes) {
      const op = doc.paths[openApiPath(r.path)]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      if (r.auth === 'admin') expect(op.security).toEqual([{ adminToken: [] }]);
    }
    expect(
      doc.paths['/api/v1/connections'].post.requestBody.content['application/json'].schema.properties.name,
    ).toBeDefined();
  });
});

describe('headers', () => {
  it('sets security headers, a strict CSP and no CORS unless configured', async () => {
    const res = await fetch(`${rt.url}/healthz`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    const page = await fetch(`${rt.url}/some/editor/route`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('a lost admin token', () => {
  it('is replaced by restarting with IDFLOW_ADMIN_TOKEN, and stays revoked on later starts without it', async () => {
    const dir = await makeDataDir();
    const status = (url: string, token: string) =>
      fetch(`${url}/api/v1/flows`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    const first = await startTestRuntime({ adminToken: undefined }, { dir });
    const lost = first.runtime.generatedAdminToken!;
    expect(lost).toMatch(/^idf_/);
    expect(await status(first.url, lost)).toBe(200);
    await first.stop({ keepDir: true });

    const fresh = 'recovered-admin-token-0123456789';
    const second = await startTestRuntime({ adminToken: fresh }, { dir });
    expect(await status(second.url, fresh)).toBe(200);
    expect(await status(second.url, lost)).toBe(401);
    await second.stop({ keepDir: true });

    const third = await startTestRuntime({ adminToken: undefined }, { dir });
    expect(third.runtime.generatedAdminToken).toBeUndefined();
    expect(await status(third.url, fresh)).toBe(200);
    expect(await status(third.url, lost)).toBe(401);
    await third.stop();
  });
});
