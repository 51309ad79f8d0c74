/** http.request against a real node:http server on 127.0.0.1, run through the engine. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections, flowOf, run, step } from '../../../test/helpers';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const handler = routes.get(path);
      if (handler) handler(req, body, res);
      else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such route"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  flowOf([{ id: 'req', type: 'http.request', config, ...extra }]);

describe('http.request', () => {
  it('sends JSON with query and headers, and parses a JSON answer', async () => {
    routes.set('/echo', (req, body, res) => {
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'x-seen': req.headers['x-test'] ?? '',
      });
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          body: JSON.parse(body),
          type: req.headers['content-type'],
        }),
      );
    });
    const record = await run(
      request({
        method: 'POST',
        url: `${base}/echo`,
        query: { q: 'a b', n: 2 },
        headers: { 'X-Test': 'yes' },
        body: { email: '=trigger.email' },
      }),
      { email: 'ann@example.com' },
    );
    expect(record.status).toBe('succeeded');
    expect(step(record, 'req').output).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'x-seen': 'yes' }),
      body: {
        method: 'POST',
        url: '/echo?q=a+b&n=2',
        body: { email: 'ann@example.com' },
        type: 'application/json',
      },
    });
  });

  it('returns text bodies as text', async () => {
    routes.set('/text', (_req, _body, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end('hello'),
    );
    const record = await run(request({ url: `${base}/text` }));
    expect(step(record, 'req').output).toMatchObject({ status: 200, body: 'hello' });
  });

  it('fails a 404 with HTTP_STATUS and a body excerpt, unless 404 is accepted', async () => {
    const failed = await run(request({ url: `${base}/missing` }));
    expect(failed.status).toBe('failed');
    expect(step(failed, 'req').error).toMatchObject({
      code: 'HTTP_STATUS',
      details: { status: 404, bodyExcerpt: '{"error":"no such route"}' },
    });
    const accepted = await run(request({ url: `${base}/missing`, acceptStatuses: [404] }));
    expect(step(accepted, 'req').output).toMatchObject({ status: 404, body: { error: 'no such route' } });
  });

  it('retries a 503 (with Retry-After) under the node retry policy, then succeeds', async () => {
    let calls = 0;
    routes.set('/flaky', (_req, _body, res) => {
      calls++;
      if (calls === 1) res.writeHead(503, { 'retry-after': '0' }).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const record = await run(
      request(
        { url: `${base}/flaky` },
        { retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 5, jitter: false } },
      ),
    );
    expect(record.status).toBe('succeeded');
    expect(calls).toBe(2);
    expect(step(record, 'req')).toMatchObject({ attempts: 2, output: { body: { ok: true } } });
  });

  it('times out with NODE_TIMEOUT when the server does not answer', async () => {
    routes.set('/hang', () => {});
    const record = await run(request({ url: `${base}/hang`, timeoutMs: 50 }));
    expect(step(record, 'req').error).toMatchObject({ code: 'NODE_TIMEOUT' });
  });

  it('fails with NETWORK when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const record = await run(request({ url: `http://127.0.0.1:${port}/x` }));
    expect(step(record, 'req').error).toMatchObject({ code: 'NETWORK' });
  });

  it('joins a relative URL to the connection base URL and sends its auth', async () => {
    routes.set('/api/v1/me', (req, _body, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ auth: req.headers.authorization })),
    );
    const conns = connections([
      { name: 'api', kind: 'http', baseUrl: `${base}/api/v1/`, auth: { type: 'bearer', token: 's3cret' } },
    ]);
    const record = await run(request({ url: '/me', connection: 'api' }), {}, { connections: conns });
    expect(step(record, 'req').output).toMatchObject({ body: { auth: 'Bearer s3cret' } });
  });

  it('gets an OAuth2 client-credentials token once and reuses it', async () => {
    let tokens = 0;
    routes.set('/token', (_req, body, res) => {
      tokens++;
      const form = new URLSearchParams(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `tok-${form.get('client_id')}`, expires_in: 3600 }));
    });
    routes.set('/whoami', (req, _body, res) => res.writeHead(200).end(req.headers.authorization));
    const conns = connections([
      {
        name: 'oauth',
        kind: 'http',
        baseUrl: base,
        revision: `r-${Math.random()}`,
        auth: { type: 'oauth2', tokenUrl: `${base}/token`, clientId: 'cid', clientSecret: 'cs' },
      },
    ]);
    const flow = request({ url: 'whoami', connection: 'oauth' });
    const first = await run(flow, {}, { connections: conns, fetch: globalThis.fetch });
    const second = await run(flow, {}, { connections: conns, fetch: globalThis.fetch });
    expect(step(first, 'req').output).toMatchObject({ body: 'Bearer tok-cid' });
    expect(step(second, 'req').output).toMatchObject({ body: 'Bearer tok-cid' });
    expect(tokens).toBe(1);
  });

  it('refuses an absolute URL on another origin than its connection', async () => {
    const conns = connections([
      { name: 'api', kind: 'http', baseUrl: base, auth: { type: 'bearer', token: 't' } },
    ]);
    const record = await run(
      request({ url: 'http://127.0.0.2:1/steal', connection: 'api' }),
      {},
      { connections: conns },
    );
    expect(step(record, 'req').error).toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('plans without sending in a dry run, with credentials redacted', async () => {
    let hits = 0;
    routes.set('/write', (_req, _body, res) => {
      hits++;
      res.writeHead(204).end();
    });
    const conns = connections([
      { name: 'api', kind: 'http', baseUrl: base, auth: { type: 'bearer', token: 's3cret' } },
    ]);
    const record = await run(
      request({ method: 'DELETE', url: '/write', connection: 'api' }),
      {},
      { connections: conns, dryRun: true },
    );
    expect(hits).toBe(0);
    expect(step(record, 'req').output).toMatchObject({
      planned: true,
      method: 'DELETE',
      url: `${base}/write`,
      headers: expect.objectContaining({ authorization: '[redacted]' }),
    });
  });
});
