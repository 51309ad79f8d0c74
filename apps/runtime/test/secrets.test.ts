import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  type Gate,
  linearFlow,
  manual,
  respond,
  setNode,
  startEchoServer,
  startTestRuntime,
  type TestRuntime,
  webhook,
} from './helpers';

const SECRET = 'sup3r-s3cret-connection-token-value';
const ENV_SECRET = 'env-held-secret-value-0987654321';
let rt: TestRuntime;
let echo: Gate;
const seen: string[] = [];

async function call(method: string, p: string, body?: unknown) {
  const res = await rt.api(method, p, body);
  seen.push(res.text, JSON.stringify([...res.headers]));
  return res;
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    const full = path.join(dir, name);
    if ((await stat(full)).isDirectory()) out.push(...(await allFiles(full)));
    else out.push(full);
  }
  return out;
}

beforeAll(async () => {
  echo = await startEchoServer();
  rt = await startTestRuntime({}, { env: { ...process.env, IDP_SECRET: ENV_SECRET } });
});
afterAll(async () => {
  await rt.stop();
  await echo.close();
});

describe('secrets never leak', () => {
  it('keeps connection and webhook secrets out of responses, exports, logs, SSE, run records and data files', async () => {
    const sse: string[] = [];
    const controller = new AbortController();
    const stream = await fetch(`${rt.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      signal: controller.signal,
    });
    const reading = (async () => {
      const reader = stream.body!.getReader();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        sse.push(new TextDecoder().decode(value));
      }
    })();

    const created = await call('POST', '/api/v1/connections', {
      name: 'echo',
      kind: 'http',
      baseUrl: echo.url,
      auth: { type: 'bearer', token: SECRET },
    });
    expect(created.status).toBe(201);
    expect(created.json.auth.secrets).toEqual({ token: 'set' });
    await call('POST', '/api/v1/connections', {
      name: 'by-env',
      kind: 'http',
      baseUrl: echo.url,
      auth: { type: 'apiKey', header: 'x-key', value: 'env:IDP_SECRET' },
    });
    // PUT without the secret keeps it
    await call('PUT', '/api/v1/connections/echo', {
      name: 'echo',
      kind: 'http',
      baseUrl: echo.url,
      auth: { type: 'bearer' },
    });
    const leak = (id: string, conn: string, field: string) =>
      linearFlow(
        id,
        manual(),
        { id: 'get', type: 'http.request', config: { connection: conn, url: '/whoami' } },
        setNode('copy', {
          stolen: `=steps.get.body.headers.${field}`,
          again: `="x" & steps.get.body.headers.${field}`,
        }),
      );
    await call('POST', '/api/v1/flows', leak('leaky', 'echo', 'authorization'));
    await call('POST', '/api/v1/flows', leak('leaky-env', 'by-env', '"x-key"'));
    const run = await call('POST', '/api/v1/flows/leaky/runs', { wait: true });
    expect(run.json.run.status).toBe('succeeded');
    expect(echo.seen.some((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
    const run2 = await call('POST', '/api/v1/flows/leaky-env/runs', { wait: true });
    expect(run2.json.run.status).toBe('succeeded');
    expect(echo.seen.some((r) => r.headers['x-key'] === ENV_SECRET)).toBe(true);

    const hookFlow = linearFlow('hooked', webhook({ path: 'hooked' }), respond(200, { echoed: '=trigger' }));
    await call('POST', '/api/v1/flows', hookFlow);
    await call('POST', '/api/v1/flows/hooked/enable');
    const hookSecret = (await rt.api('POST', '/api/v1/flows/hooked/webhook/secret', {})).json
      .secret as string;
    const hookRes = await fetch(`${rt.url}/hooks/hooked?token=${encodeURIComponent(hookSecret)}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${hookSecret}`,
        'content-type': 'application/json',
        'x-copy': hookSecret,
      },
      body: JSON.stringify({ note: hookSecret }),
    });
    expect(hookRes.status).toBe(200);
    seen.push(await hookRes.text());

    for (const p of [
      '/api/v1/connections',
      '/api/v1/connections/echo',
      '/api/v1/connections/by-env',
      '/api/v1/flows',
      '/api/v1/flows/leaky/export',
      '/api/v1/flows/hooked/webhook',
      '/api/v1/runs?limit=100',
      `/api/v1/runs/${run.json.run.id}`,
      `/api/v1/runs/${run2.json.run.id}`,
    ]) {
      await call('GET', p);
    }
    await call('POST', '/api/v1/connections/echo/test');
    seen.push(await (await fetch(`${rt.url}/metrics`)).text());
    controller.abort();
    await reading;
    const stored = await Promise.all((await allFiles(rt.dir)).map((f) => readFile(f, 'utf8')));

    const haystacks: Record<string, string[]> = { api: seen, sse, logs: rt.logs, files: stored };
    for (const value of [SECRET, ENV_SECRET, hookSecret]) {
      for (const [where, texts] of Object.entries(haystacks)) {
        const hit = texts.find((t) => t.includes(value));
        expect(hit, `${value.slice(0, 6)}… found in ${where}`).toBeUndefined();
      }
    }
    // The flow really mapped the secret into its output: it shows up redacted.
    expect(JSON.stringify(run.json.run.output)).toMatch(/\[redacted\]/i);
    expect(sse.join('').includes('run.finished')).toBe(true);
    expect(rt.logs.length).toBeGreaterThan(5);
  });
});
