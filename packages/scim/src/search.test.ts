// search: 'post' against the real sandbox (behind a recording front server) and against small local servers.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningSandbox, type SandboxStore, startSandbox } from 'scim-sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ScimClient } from './client';
import { MESSAGE_SEARCH_REQUEST } from './constants';
import { f } from './filter';
import { scimError, type TestServer, useServers } from './test-server';

/** What the sandbox received: method, raw URL (path and query string) and parsed body. */
interface Received {
  method: string;
  url: string;
  body: Record<string, unknown> | undefined;
}

let proxy: Server;
let sandbox: RunningSandbox;
let store: SandboxStore;
let baseUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ token: 'search-token' });
  store = sandbox.store;
  // A small real proxy in front of the sandbox: records each request line and body, then forwards it unchanged.
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body: text ? JSON.parse(text) : undefined,
      });
      const answer = await fetch(`${sandbox.origin}${req.url}`, {
        method: req.method,
        headers: {
          authorization: req.headers.authorization ?? '',
          'content-type': req.headers['content-type'] ?? 'application/scim+json',
        },
        body: text || undefined,
      });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/scim/v2`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    proxy.closeAllConnections();
    proxy.close(() => resolve());
  });
  await sandbox.close();
});
beforeEach(() => {
  received.length = 0;
});

const sandboxClient = () =>
  new ScimClient({ baseUrl, auth: { type: 'bearer', token: 'search-token' }, search: 'post' });

/** No request line may carry a query string, let alone a filter value. */
function expectCleanUrls(...values: string[]) {
  expect(received.length).toBeGreaterThan(0);
  for (const r of received) {
    expect(r.url).not.toContain('?');
    for (const v of values) {
      expect(decodeURIComponent(r.url).toLowerCase()).not.toContain(v.toLowerCase());
    }
  }
}

describe("search: 'post' against the sandbox", () => {
  it('filters users through POST /Users/.search with a SearchRequest body', async () => {
    const { resources, totalResults } = await sandboxClient().users.list({
      filter: f.eq('userName', 'Alice.Johnson@example.com'),
      count: 2,
    });
    expect(totalResults).toBe(1);
    expect(resources[0]?.userName).toBe('alice.johnson@example.com');
    expect(received).toEqual([
      {
        method: 'POST',
        url: '/scim/v2/Users/.search',
        body: {
          schemas: [MESSAGE_SEARCH_REQUEST],
          filter: 'userName eq "Alice.Johnson@example.com"',
          count: 2,
        },
      },
    ]);
    expectCleanUrls('alice', 'johnson');
  });

  it('iterates over more than one page, advancing startIndex in the body', async () => {
    const expected = store
      .listUsers()
      .filter((u) => String(u.userName).endsWith('@example.com'))
      .map((u) => u.id);
    expect(expected.length).toBeGreaterThan(2);
    const seen: string[] = [];
    for await (const u of sandboxClient().users.iterate({
      filter: f.ew('userName', '@example.com'),
      pageSize: 2,
    }))
      seen.push(u.id!);
    expect(seen).toEqual(expected);
    const pages = Math.ceil(expected.length / 2);
    expect(received.map((r) => r.body?.startIndex)).toEqual(
      Array.from({ length: pages }, (_, i) => 1 + 2 * i),
    );
    expect(received.every((r) => r.method === 'POST' && r.body?.count === 2)).toBe(true);
    expectCleanUrls('example.com');
  });

  it('sends attributes, excludedAttributes and sorting as body fields', async () => {
    const scim = sandboxClient();
    const { resources } = await scim.users.list({
      filter: f.sw('userName', 'carol'),
      attributes: ['userName', 'name.givenName'],
      sortBy: 'userName',
      sortOrder: 'descending',
    });
    expect(resources).toEqual([
      {
        schemas: expect.any(Array),
        id: expect.any(String),
        userName: 'carol.nguyen@example.com',
        name: { givenName: 'Carol' },
      },
    ]);
    await scim.users.list({ filter: f.eq('active', true), excludedAttributes: 'emails' });
    expect(received.map((r) => r.body)).toEqual([
      {
        schemas: [MESSAGE_SEARCH_REQUEST],
        filter: 'userName sw "carol"',
        attributes: ['userName', 'name.givenName'],
        sortBy: 'userName',
        sortOrder: 'descending',
      },
      { schemas: [MESSAGE_SEARCH_REQUEST], filter: 'active eq true', excludedAttributes: ['emails'] },
    ]);
    expectCleanUrls('carol');
  });

  it('searches groups through POST /Groups/.search, and a filter without match is empty', async () => {
    const scim = sandboxClient();
    const { resources } = await scim.groups.list({
      filter: f.eq('displayName', 'Engineering'),
      excludedAttributes: 'members',
    });
    expect(resources.map((g) => g.displayName)).toEqual(['Engineering']);
    expect(resources[0]?.members).toBeUndefined();
    const names: string[] = [];
    for await (const g of scim.groups.iterate({ filter: f.pr('displayName'), pageSize: 1 }))
      names.push(String(g.displayName));
    expect(names).toEqual(['Engineering', 'Sales']);
    expect((await scim.groups.list({ filter: f.eq('displayName', 'Nobody') })).resources).toEqual([]);
    expect(received.every((r) => r.method === 'POST' && r.url === '/scim/v2/Groups/.search')).toBe(true);
    expectCleanUrls('Engineering', 'Nobody');
  });
});

const serve = useServers();
const client = (s: TestServer) =>
  new ScimClient({ baseUrl: s.url, auth: { type: 'none' }, sleep: async () => {}, search: 'post' });

describe("search: 'post' against services without .search", () => {
  it.each([
    [405, scimError(405, undefined, 'Method Not Allowed')],
    [501, { status: 501, body: 'Not Implemented' }],
    [404, { status: 404, body: '<html>Not Found</html>' }],
  ])('turns %i into SCIM_UNSUPPORTED telling to switch back to GET', async (status, reply) => {
    const s = await serve(() => reply);
    const error = await client(s)
      .users.list({ filter: f.eq('userName', 'ada@example.com') })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ScimError', code: 'SCIM_UNSUPPORTED', status });
    expect(String((error as Error).message)).toMatch(/POST \/Users\/\.search.*back to 'get'/);
    expect(s.requests.every((r) => r.method === 'POST' && r.path === '/Users/.search')).toBe(true);
  });

  it('fails when a SCIM 404 comes from a missing endpoint (the probe 404s too), never "no match"', async () => {
    const s = await serve(() => scimError(404, undefined, 'Resource .search not found'));
    const error = await client(s)
      .users.list({ filter: f.eq('userName', 'ada@example.com') })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SCIM_UNSUPPORTED', status: 404 });
    // The probe carries no filter.
    expect(s.requests.map((r) => r.json)).toEqual([
      { schemas: [MESSAGE_SEARCH_REQUEST], filter: 'userName eq "ada@example.com"' },
      { schemas: [MESSAGE_SEARCH_REQUEST], count: 1 },
    ]);
  });

  it('keeps the "404 on a filter = no match" quirk once .search is known to exist', async () => {
    const s = await serve((req) =>
      (req.json as { filter?: string }).filter
        ? scimError('404', undefined, 'no such user')
        : { status: 200, body: { totalResults: 3, Resources: [] } },
    );
    const scim = client(s);
    const empty = { totalResults: 0, startIndex: 1, itemsPerPage: 0, resources: [] };
    expect(await scim.users.list({ filter: f.eq('userName', 'nobody') })).toEqual(empty);
    expect(await scim.users.list({ filter: f.eq('userName', 'nobody2') })).toEqual(empty);
    // One probe: the second 404 is read as "no match" straight away.
    expect(s.requests).toHaveLength(3);
  });

  it('keeps the stuck-pagination guard', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: `u${i + 1}` }));
    const s = await serve((req) => ({
      status: 200,
      body: { totalResults: 5, Resources: all.slice(0, Number((req.json as { count: number }).count)) },
    }));
    const seen: string[] = [];
    const run = async () => {
      for await (const u of client(s).users.iterate({ pageSize: 2 })) seen.push(u.id!);
    };
    await expect(run()).rejects.toMatchObject({ code: 'SCIM_PAGINATION_STUCK' });
    expect(seen).toEqual(['u1', 'u2']);
  });

  it('rejects an unknown search option', () => {
    expect(
      () => new ScimClient({ baseUrl: 'http://127.0.0.1:1', auth: { type: 'none' }, search: 'put' as 'get' }),
    ).toThrow(/search must be/);
  });
});
