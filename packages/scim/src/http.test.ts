// HTTP behaviour against real local servers: retries, Retry-After, error mapping, media types, timeouts.

import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ScimClient } from './client';
import { ScimClientError, ScimConflictError, ScimError, ScimHttpError, ScimNetworkError } from './errors';
import { f } from './filter';
import { scimError, startServer, type TestServer, useServers } from './test-server';
import type { CallInfo, ScimClientOptions } from './types';

const serve = useServers();

function client(server: TestServer, extra: Partial<ScimClientOptions> = {}) {
  const sleeps: number[] = [];
  const calls: CallInfo[] = [];
  const scim = new ScimClient({
    baseUrl: `${server.url}/scim/v2/`,
    auth: { type: 'bearer', token: 't0k' },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onCall: (c) => calls.push(c),
    ...extra,
  });
  return { scim, sleeps, calls };
}

const user = (id: string, extra: Record<string, unknown> = {}) => ({ id, userName: `${id}@x`, ...extra });

describe('requests', () => {
  it('sends SCIM media types, bearer auth and a URL-encoded filter that round-trips', async () => {
    const server = await serve(() => ({ status: 200, body: { totalResults: 0 } }));
    const { scim, calls } = client(server);
    const hostile = 'a&b=c+d%20 #"x" or userName pr';
    const list = await scim.users.list({ filter: f.eq('userName', hostile), count: 5 });
    expect(list).toEqual({ totalResults: 0, startIndex: 1, itemsPerPage: 0, resources: [] });
    const req = server.requests[0]!;
    expect(req.path).toBe('/scim/v2/Users');
    expect(req.query.get('filter')).toBe(`userName eq ${JSON.stringify(hostile)}`);
    expect(req.rawUrl).not.toContain(' ');
    expect(req.query.get('count')).toBe('5');
    expect(req.headers.accept).toContain('application/scim+json');
    expect(req.headers.authorization).toBe('Bearer t0k');
    expect(calls).toEqual([
      expect.objectContaining({
        method: 'GET',
        operation: 'users.list',
        path: '/scim/v2/Users',
        status: 200,
      }),
    ]);
  });

  it('accepts application/json and text/json bodies and normalises "True"/"False"', async () => {
    const server = await serve((req) => ({
      status: 200,
      headers: { 'content-type': req.path.endsWith('u1') ? 'application/json' : 'text/json' },
      body: user(req.path.endsWith('u1') ? 'u1' : 'u2', {
        active: 'False',
        emails: [{ value: 'a@x', primary: 'True' }],
      }),
    }));
    const { scim } = client(server);
    const u1 = await scim.users.get('u1');
    expect(u1.active).toBe(false);
    expect(u1.emails?.[0]?.primary).toBe(true);
    expect((await scim.users.get('u2')).active).toBe(false);
  });

  it('sends Content-Type application/scim+json with a body', async () => {
    const server = await serve(() => ({ status: 201, body: user('n1') }));
    const { scim } = client(server);
    await scim.users.create({ userName: 'n1@x' });
    expect(server.requests[0]!.headers['content-type']).toBe('application/scim+json');
    expect(server.requests[0]!.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    });
  });
});

describe('retries', () => {
  it('retries 429 honouring Retry-After seconds', async () => {
    const server = await serve((_req, i) =>
      i === 0
        ? { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' }
        : { status: 200, body: user('u1') },
    );
    const { scim, sleeps, calls } = client(server);
    expect((await scim.users.get('u1')).id).toBe('u1');
    expect(sleeps).toEqual([7000]);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('retries 429 honouring an HTTP-date Retry-After', async () => {
    const when = new Date(Date.now() + 120_000).toUTCString();
    const server = await serve((_req, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': when } } : { status: 200, body: user('u1') },
    );
    const { scim, sleeps } = client(server, { retry: { maxDelayMs: 300_000 } });
    await scim.users.get('u1');
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(100_000);
    expect(sleeps[0]).toBeLessThanOrEqual(120_000);
  });

  it('retries 503 with backoff, then succeeds', async () => {
    const server = await serve((_req, i) => (i === 0 ? { status: 503 } : { status: 200, body: user('u1') }));
    const { scim, sleeps } = client(server);
    expect((await scim.users.get('u1')).id).toBe('u1');
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(250);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
  });

  it('stops after retry.attempts and reports Retry-After beyond maxDelayMs instead of waiting', async () => {
    const server = await serve(() => ({ status: 503, body: scimError(503, undefined, 'down').body }));
    const { scim, sleeps } = client(server, { retry: { attempts: 2 } });
    await expect(scim.users.get('u1')).rejects.toMatchObject({ status: 503, detail: 'down' });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);

    const slow = await serve(() => ({ status: 429, headers: { 'retry-after': '3600' } }));
    const c2 = client(slow, { retry: { maxDelayMs: 1000 } });
    const error = await c2.scim.users.get('u1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimHttpError);
    expect((error as ScimHttpError).retryAfterMs).toBe(3_600_000);
    expect(c2.sleeps).toEqual([]);
  });

  it('does not retry other errors', async () => {
    const server = await serve(() => scimError('400', 'invalidFilter', 'bad'));
    const { scim } = client(server);
    await expect(scim.users.list({ filter: 'x' })).rejects.toMatchObject({
      status: 400,
      scimType: 'invalidFilter',
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('errors', () => {
  it('maps an HTML error page to ScimHttpError with a short excerpt', async () => {
    const html = `<html><body>${'Bad gateway '.repeat(100)}</body></html>`;
    const server = await serve(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: html }));
    const { scim } = client(server);
    const error = await scim.users.get('u1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimHttpError);
    expect(error).toBeInstanceOf(ScimClientError);
    expect((error as ScimHttpError).code).toBe('SCIM_HTTP_ERROR');
    expect((error as ScimHttpError).status).toBe(502);
    expect((error as ScimHttpError).body.length).toBe(500);
    expect((error as ScimHttpError).body.startsWith('<html>')).toBe(true);
  });

  it('reads a SCIM error whose status is a number', async () => {
    const server = await serve(() => scimError(404, undefined, 'Resource u9 not found'));
    const { scim } = client(server);
    const error = await scim.users.get('u9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({ status: 404, detail: 'Resource u9 not found', code: 'SCIM_ERROR' });
    expect(await scim.users.getOrNull('u9')).toBeNull();
  });

  it('maps 412 to ScimConflictError and sends If-Match', async () => {
    const server = await serve(() => scimError('412', undefined, 'version mismatch'));
    const { scim } = client(server);
    const error = await scim.users
      .replace('u1', { userName: 'a' }, { etag: 'W/"3"' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimConflictError);
    expect(error).toMatchObject({ status: 412, code: 'SCIM_CONFLICT' });
    expect(server.requests[0]!.headers['if-match']).toBe('W/"3"');
  });

  it('reports a 409 on create as scimType uniqueness', async () => {
    const server = await serve(() => ({ status: 409, body: { detail: 'exists', status: 409 } }));
    const { scim } = client(server);
    await expect(scim.users.create({ userName: 'a' })).rejects.toMatchObject({
      status: 409,
      scimType: 'uniqueness',
    });
  });

  it('times out with SCIM_TIMEOUT and aborts with SCIM_ABORTED', async () => {
    const server = await serve(() => new Promise(() => {}));
    const { scim } = client(server, { timeoutMs: 50, retry: { attempts: 1 } });
    await expect(scim.users.get('u1')).rejects.toMatchObject({ code: 'SCIM_TIMEOUT' });
    const controller = new AbortController();
    const pending = scim.users.get('u1', { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(ScimNetworkError);
    expect((error as ScimNetworkError).code).toBe('SCIM_ABORTED');
  });

  it('with timeoutMs 0 sends the caller signal through and has no timer; abort still ends the request', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await serve(async () => {
      await gate;
      return { status: 200, body: user('u1') };
    });
    const signals: (AbortSignal | null | undefined)[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      signals.push(init?.signal);
      return fetch(input, init);
    };
    const { scim } = client(server, { timeoutMs: 0, retry: { attempts: 1 }, fetch: recordingFetch });
    const controller = new AbortController();
    // Answered only after another request has been aborted: a zero timer would have failed it at once.
    const slow = scim.users.get('u1', { signal: controller.signal });
    const other = new AbortController();
    const aborted = scim.users.get('u2', { signal: other.signal }).catch((e: unknown) => e);
    other.abort();
    expect(await aborted).toMatchObject({ code: 'SCIM_ABORTED' });
    release();
    expect((await slow).id).toBe('u1');
    expect(signals[0]).toBe(controller.signal);
    expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
  });

  it('leaves no listener on the caller signal after requests with a timeout', async () => {
    const server = await serve(() => ({ status: 200, body: user('u1') }));
    const { scim } = client(server, { timeoutMs: 5_000, retry: { attempts: 1 } });
    const controller = new AbortController();
    await Promise.all(Array.from({ length: 5 }, () => scim.users.get('u1', { signal: controller.signal })));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('reports a refused connection as SCIM_NETWORK_ERROR', async () => {
    const server = await startServer(() => ({ status: 200 }));
    const url = server.url;
    await server.close();
    const scim = new ScimClient({ baseUrl: url, auth: { type: 'none' }, retry: { attempts: 1 } });
    await expect(scim.users.get('u1')).rejects.toMatchObject({ code: 'SCIM_NETWORK_ERROR' });
  });
});
