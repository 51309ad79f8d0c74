// OAuth 2.0 client credentials against a token endpoint in the test, and 429 Retry-After through a fault proxy.
import { afterEach, describe, expect, it } from 'vitest';
import { type CallInfo, ScimClient, ScimError } from '../../../packages/scim/src/index';
import {
  type RecordingProxy,
  SANDBOX_TOKEN,
  type SandboxHarness,
  scimErrorBody,
  startProxy,
  startSandboxHarness,
  startTokenServer,
  type TokenServer,
} from '../../support/scim';

let h: SandboxHarness | undefined;
let tokens: TokenServer | undefined;
let proxy: RecordingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await tokens?.close();
  await h?.close();
  h = tokens = proxy = undefined;
});

const clientId = 'idflow-client';
const clientSecret = 's3cret/with:odd&chars';

async function oauthSetup(issue: (n: number) => { token: string; expiresIn: number }, basic = false) {
  h = await startSandboxHarness();
  h.sandbox.store.seed({ users: [{ userName: 'oauth@example.com' }] });
  tokens = await startTokenServer({ clientId, clientSecret, issue });
  const calls: CallInfo[] = [];
  const client = new ScimClient({
    baseUrl: h.sandbox.url,
    auth: {
      type: 'oauth2',
      tokenUrl: tokens.tokenUrl,
      clientId,
      clientSecret,
      ...(basic ? { clientAuth: 'basic' as const } : {}),
    },
    onCall: (c) => calls.push(c),
  });
  return { client, calls, tokens };
}

describe('OAuth 2.0 client credentials', () => {
  it('fetches one token for many concurrent requests and uses it', async () => {
    const { client, calls, tokens } = await oauthSetup(() => ({ token: SANDBOX_TOKEN, expiresIn: 3600 }));
    const results = await Promise.all(Array.from({ length: 8 }, () => client.users.list({ count: 1 })));
    expect(results.every((r) => r.totalResults === 1)).toBe(true);
    expect(tokens.requests).toEqual([
      { grantType: 'client_credentials', clientId, authorization: undefined },
    ]);
    expect(calls.filter((c) => c.operation === 'auth.token')).toEqual([
      expect.objectContaining({ method: 'POST', path: '/oauth/token', status: 200 }),
    ]);
  });

  it('sends the client credentials with HTTP Basic when asked', async () => {
    const { client, tokens } = await oauthSetup(() => ({ token: SANDBOX_TOKEN, expiresIn: 3600 }), true);
    await client.users.list({ count: 1 });
    expect(tokens.requests).toHaveLength(1);
    expect(tokens.requests[0]?.authorization).toMatch(/^Basic /);
    expect(tokens.requests[0]?.clientId).toBe(clientId);
  });

  it('fetches a new token once the old one has expired', async () => {
    // expires_in 1 s: the client refreshes at half life (500 ms).
    const { client, tokens } = await oauthSetup(() => ({ token: SANDBOX_TOKEN, expiresIn: 1 }));
    await client.users.list({ count: 1 });
    await client.users.list({ count: 1 });
    expect(tokens.requests).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 700));
    await client.users.list({ count: 1 });
    expect(tokens.requests).toHaveLength(2);
  });

  it('a 401 with a cached token (revoked) gets a fresh token and one retry', async () => {
    const { client, calls, tokens } = await oauthSetup((n) => ({
      token: n === 0 ? 'revoked-token-0000000000' : SANDBOX_TOKEN,
      expiresIn: 3600,
    }));
    const page = await client.users.list({ count: 1 });
    expect(page.totalResults).toBe(1);
    expect(tokens.requests).toHaveLength(2);
    expect(calls.map((c) => `${c.operation} ${c.status}`)).toEqual([
      'auth.token 200',
      'users.list 401',
      'auth.token 200',
      'users.list 200',
    ]);
  });

  it('a token the service never accepts ends in ScimError 401 after one refresh (no loop)', async () => {
    const { client, tokens } = await oauthSetup((n) => ({
      token: `wrong-token-${n}-abcdef`,
      expiresIn: 3600,
    }));
    const err = await client.users.list({ count: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ status: 401 });
    expect(tokens.requests).toHaveLength(2);
  });

  it('bad client credentials give SCIM_AUTH_ERROR and no SCIM request', async () => {
    h = await startSandboxHarness();
    tokens = await startTokenServer({
      clientId,
      clientSecret,
      issue: () => ({ token: SANDBOX_TOKEN, expiresIn: 3600 }),
    });
    const calls: CallInfo[] = [];
    const client = new ScimClient({
      baseUrl: h.sandbox.url,
      auth: { type: 'oauth2', tokenUrl: tokens.tokenUrl, clientId, clientSecret: 'wrong' },
      onCall: (c) => calls.push(c),
    });
    await expect(client.users.list()).rejects.toMatchObject({ code: 'SCIM_AUTH_ERROR', status: 401 });
    expect(calls.map((c) => c.operation)).toEqual(['auth.token']);
  });
});

describe('429 Retry-After through a fault proxy', () => {
  const tooMany = (retryAfter: string) => ({
    status: 429,
    headers: { 'content-type': 'application/scim+json', 'retry-after': retryAfter },
    body: scimErrorBody(429, 'slow down', 'tooMany'),
  });

  async function faultSetup(retryAfter: string, failFirst: number, options: { maxDelayMs?: number } = {}) {
    h = await startSandboxHarness();
    let failed = 0;
    proxy = await startProxy(h.sandbox.origin, (req) => {
      if (req.url.includes('/ServiceProviderConfig') || failed >= failFirst) return undefined;
      failed++;
      return tooMany(retryAfter);
    });
    const waits: number[] = [];
    const client = h.newClient({
      baseUrl: `${proxy.origin}/scim/v2`,
      retry: { attempts: 3, maxDelayMs: options.maxDelayMs ?? 30_000 },
      // Records the wait and really waits.
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
    });
    return { client, waits, harness: h, proxy };
  }

  it('waits Retry-After seconds and retries a POST once; the user is created exactly once', async () => {
    const { client, waits, harness, proxy } = await faultSetup('1', 1);
    const created = await client.users.create({ userName: 'slow@example.com' });
    expect(created.id).toBeTypeOf('string');
    expect(waits).toEqual([1000]);
    expect(proxy.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(harness.calls.filter((c) => c.operation === 'users.create').map((c) => c.status)).toEqual([
      429, 201,
    ]);
    expect(harness.sandbox.store.listUsers().map((u) => u.userName)).toEqual(['slow@example.com']);
  });

  it('accepts Retry-After as an HTTP date', async () => {
    const { client, waits } = await faultSetup(new Date(Date.now() + 1500).toUTCString(), 1);
    const page = await client.users.list();
    expect(page.totalResults).toBe(0);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(1500);
  });

  it('gives up after the configured attempts and reports retryAfterMs', async () => {
    const { client, waits, proxy } = await faultSetup('0', 10);
    const err = await client.users.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ status: 429, scimType: 'tooMany', retryAfterMs: 0 });
    expect(waits).toEqual([0, 0]);
    expect(proxy.requests.filter((r) => r.url.startsWith('/scim/v2/Users'))).toHaveLength(3);
  });

  it('does not wait for a Retry-After beyond maxDelayMs: throws at once with retryAfterMs', async () => {
    const { client, waits, proxy } = await faultSetup('120', 1, { maxDelayMs: 5_000 });
    const err = await client.users.list().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(waits).toEqual([]);
    expect(proxy.requests.filter((r) => r.url.startsWith('/scim/v2/Users'))).toHaveLength(1);
  });
});
