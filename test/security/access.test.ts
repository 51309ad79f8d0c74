/** Admin token on every admin route (walked from the OpenAPI document); webhook HMAC replay outside the window refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../apps/runtime/src/index';
import { INPROC_ADMIN_TOKEN, type InProcRuntime, startInProc } from '../support/runtime-inproc';
import { chainFlow, httpCall } from '../support/runtime-process';

let rt: InProcRuntime;
/** A clock the test moves: the runtime reads the time from it for HMAC windows. */
let offsetMs = 0;
const clock = {
  now: () => Date.now() + offsetMs,
  nowIso: () => new Date(Date.now() + offsetMs).toISOString(),
  sleep: (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(signal.reason);
      });
    }),
};

beforeAll(async () => {
  rt = await startInProc({}, undefined, { clock });
});
afterAll(async () => {
  await rt?.stop();
});

interface Op {
  method: string;
  path: string;
  secured: boolean;
}

async function operations(): Promise<Op[]> {
  const res = await httpCall(`${rt.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  const ops: Op[] = [];
  for (const [p, item] of Object.entries(
    res.json.paths as Record<string, Record<string, { security?: unknown[] }>>,
  )) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'delete', 'patch'].includes(method)) continue;
      const secured = (op.security ?? []).some((s) => Object.hasOwn(s as object, 'adminToken'));
      ops.push({ method: method.toUpperCase(), path: p.replace(/\{[^}]+\}/g, 'some-id'), secured });
    }
  }
  return ops;
}

describe('admin token on every admin route', () => {
  it('every secured route answers a missing, wrong or malformed token with the same 401', async () => {
    const ops = await operations();
    const secured = ops.filter((o) => o.secured);
    expect(secured.length).toBeGreaterThanOrEqual(20);
    // Every /api/v1 route but the OpenAPI document itself is an admin route.
    for (const o of ops)
      if (o.path.startsWith('/api/v1/') && o.path !== '/api/v1/openapi.json')
        expect(o.secured, o.path).toBe(true);
    // Plus a route that does not exist: no token → 401 too, so the API surface is not enumerable.
    secured.push({ method: 'GET', path: '/api/v1/not-a-route', secured: true });
    const variants: Array<[string, Record<string, string>, string]> = [
      ['missing', {}, ''],
      ['wrong', { authorization: 'Bearer wrong-token-0123456789abcdef' }, ''],
      ['almost', { authorization: `Bearer ${INPROC_ADMIN_TOKEN.slice(0, -1)}x` }, ''],
      ['prefix', { authorization: `Bearer ${INPROC_ADMIN_TOKEN}extra` }, ''],
      [
        'basic',
        { authorization: `Basic ${Buffer.from(`admin:${INPROC_ADMIN_TOKEN}`).toString('base64')}` },
        '',
      ],
      ['no scheme', { authorization: INPROC_ADMIN_TOKEN }, ''],
      ['empty bearer', { authorization: 'Bearer ' }, ''],
      ['x-idflow-token', { 'x-idflow-token': INPROC_ADMIN_TOKEN }, ''],
      ['query', {}, `?token=${INPROC_ADMIN_TOKEN}`],
    ];
    for (const op of secured) {
      let reference: { status: number; body: string; www: unknown } | undefined;
      for (const [label, headers, query] of variants) {
        // The SSE route accepts ?token= by design (EventSource cannot send headers).
        if (label === 'query' && op.path === '/api/v1/events') continue;
        const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : '{}';
        const res = await httpCall(`${rt.url}${op.path}${query}`, {
          method: op.method,
          headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
          body,
          timeoutMs: 5000,
        });
        const seen = { status: res.status, body: res.text, www: res.headers['www-authenticate'] };
        expect(res.status, `${label} ${op.method} ${op.path}`).toBe(401);
        reference ??= seen;
        expect(seen, `${label} ${op.method} ${op.path}`).toEqual(reference);
      }
    }
  });

  it('the right token passes (so the 401s above are about the token)', async () => {
    expect((await rt.api('GET', '/api/v1/flows')).status).toBe(200);
    const sse = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ get }) => {
        const req = get(`${rt.url}/api/v1/events?token=${INPROC_ADMIN_TOKEN}`, (res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on('error', reject);
      }, reject);
    });
    expect(sse).toBe(200);
  });
});

describe('webhook HMAC replay window', () => {
  it('accepts a fresh signature and refuses the same request replayed outside the window', async () => {
    const flow = chainFlow(
      'signed',
      { id: 'hook', type: 'trigger.webhook', config: { path: 'signed', auth: 'hmac', respond: 'accepted' } },
      { id: 'a', type: 'transform.set', config: { fields: { x: 1 } } },
    );
    expect((await rt.api('POST', '/api/v1/flows', flow)).status).toBe(201);
    expect((await rt.api('POST', '/api/v1/flows/signed/enable')).status).toBe(200);
    const secret = (await rt.api('POST', '/api/v1/flows/signed/webhook/secret', {})).json.secret as string;
    const body = '{"user":"ada"}';
    const t = Math.floor(clock.now() / 1000);
    const headers = { 'content-type': 'application/json', 'x-idflow-signature': signBody(secret, body, t) };
    const send = () => httpCall(`${rt.url}/hooks/signed`, { method: 'POST', body, headers });
    const runs = async () => (await rt.api('GET', '/api/v1/runs?flowId=signed')).json.items.length as number;

    expect((await send()).status).toBe(202);
    const after = await runs();
    // 360 s, not 301: the signed time is whole seconds and the requests take time, so keep a clear margin.
    offsetMs = 360_000; // the same captured request, 6 minutes later
    const late = await send();
    offsetMs = -360_000; // and a clock skewed the other way
    const early = await send();
    offsetMs = 0;
    expect(late.status).toBe(401);
    expect(early.status).toBe(401);
    // A signature dated in the future beyond the window is refused too.
    const future = signBody(secret, body, t + 400);
    expect(
      (
        await httpCall(`${rt.url}/hooks/signed`, {
          method: 'POST',
          body,
          headers: { ...headers, 'x-idflow-signature': future },
        })
      ).status,
    ).toBe(401);
    // Tampered body with a valid, fresh signature of another body.
    expect(
      (await httpCall(`${rt.url}/hooks/signed`, { method: 'POST', body: '{"user":"eve"}', headers })).status,
    ).toBe(401);
    expect(await runs()).toBe(after);
  });
});
