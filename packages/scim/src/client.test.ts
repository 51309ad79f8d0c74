// Client behaviour against real local servers: discovery, pagination, create.

import { describe, expect, it } from 'vitest';
import { ScimClient } from './client';
import { f } from './filter';
import { scimError, type TestServer, useServers } from './test-server';
import type { ScimClientOptions } from './types';

const serve = useServers();

function client(server: TestServer, extra: Partial<ScimClientOptions> = {}) {
  return new ScimClient({ baseUrl: server.url, auth: { type: 'none' }, sleep: async () => {}, ...extra });
}

const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `u${i + 1}`, userName: `user${i + 1}` }));

describe('discovery', () => {
  it('reads the three endpoints once and normalises capabilities', async () => {
    const server = await serve((req) => {
      if (req.path === '/ServiceProviderConfig') {
        return {
          status: 200,
          body: {
            patch: { supported: 'True' },
            etag: { supported: true },
            bulk: { supported: true, maxOperations: '10', maxPayloadSize: 1000 },
            filter: { supported: true, maxResults: 200 },
            sort: { supported: false },
          },
        };
      }
      if (req.path === '/ResourceTypes')
        return { status: 200, body: { Resources: [{ name: 'User', endpoint: '/Users', schema: 'x' }] } };
      return scimError(404);
    });
    const scim = client(server);
    const d = await scim.discover();
    expect(d.resourceTypes).toHaveLength(1);
    expect(d.schemas).toEqual([]);
    await scim.discover();
    expect(await scim.capabilities()).toEqual({
      patch: true,
      etag: true,
      bulk: { supported: true, maxOperations: 10, maxPayloadSize: 1000 },
      filter: { supported: true, maxResults: 200 },
      sort: false,
    });
    expect(server.requests.map((r) => r.path)).toEqual([
      '/ServiceProviderConfig',
      '/ResourceTypes',
      '/Schemas',
    ]);
    await scim.discover({ refresh: true });
    expect(server.requests).toHaveLength(6);
  });

  it('validates sortBy and joins projected attributes', async () => {
    const server = await serve(() => ({ status: 200, body: { totalResults: 0, Resources: [] } }));
    const scim = client(server);
    await scim.users.list({
      attributes: ['userName', 'name.givenName'],
      sortBy: 'meta.created',
      sortOrder: 'descending',
    });
    expect(Object.fromEntries(server.requests[0]!.query)).toEqual({
      attributes: 'userName,name.givenName',
      sortBy: 'meta.created',
      sortOrder: 'descending',
    });
    await expect(scim.users.list({ sortBy: 'userName&filter=x' })).rejects.toMatchObject({
      code: 'SCIM_INVALID_ARGUMENT',
    });
    await expect(scim.groups.get('g1', { excludedAttributes: 'members)' })).rejects.toMatchObject({
      code: 'SCIM_INVALID_ARGUMENT',
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('list and iterate', () => {
  it('treats 404 with an Error body on a filter as no match, and tolerates a bare ListResponse', async () => {
    const server = await serve((req) =>
      req.query.get('filter')
        ? scimError('404', undefined, 'no such user')
        : { status: 200, body: { totalResults: '2', Resources: ids(2) } },
    );
    const scim = client(server);
    expect(await scim.users.list({ filter: f.eq('userName', 'nobody') })).toEqual({
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      resources: [],
    });
    expect(await scim.users.list()).toMatchObject({ totalResults: 2, startIndex: 1, itemsPerPage: 2 });
  });

  it('advances by resources returned, not itemsPerPage, and stops past totalResults', async () => {
    const all = ids(7);
    const server = await serve((req) => {
      const start = Number(req.query.get('startIndex'));
      const count = Math.min(Number(req.query.get('count')), 2); // server caps page size at 2
      return {
        status: 200,
        body: {
          totalResults: 7,
          itemsPerPage: 50,
          startIndex: start,
          Resources: all.slice(start - 1, start - 1 + count),
        },
      };
    });
    const scim = client(server);
    const seen: string[] = [];
    for await (const u of scim.users.iterate({ pageSize: 5, excludedAttributes: 'groups' })) seen.push(u.id!);
    expect(seen).toEqual(all.map((u) => u.id));
    expect(server.requests.map((r) => r.query.get('startIndex'))).toEqual(['1', '3', '5', '7']);
    expect(server.requests[0]!.query.get('excludedAttributes')).toBe('groups');
  });

  it('stops with SCIM_PAGINATION_STUCK on a server that ignores startIndex', async () => {
    const all = ids(5);
    const server = await serve((req) => ({
      status: 200,
      body: { totalResults: 5, startIndex: 1, Resources: all.slice(0, Number(req.query.get('count'))) },
    }));
    const scim = client(server);
    const seen: string[] = [];
    const run = async () => {
      for await (const u of scim.users.iterate({ pageSize: 2 })) seen.push(u.id!);
    };
    await expect(run()).rejects.toMatchObject({ code: 'SCIM_PAGINATION_STUCK' });
    expect(seen).toEqual(['u1', 'u2']);
    expect(server.requests).toHaveLength(2);
  });

  it('stops on an empty page even if totalResults says more', async () => {
    const server = await serve((req) =>
      req.query.get('startIndex') === '1'
        ? { status: 200, body: { totalResults: 9, Resources: ids(2) } }
        : { status: 200, body: { totalResults: 9 } },
    );
    const seen: string[] = [];
    for await (const u of client(server).users.iterate({ pageSize: 2 })) seen.push(u.id!);
    expect(seen).toEqual(['u1', 'u2']);
  });
});

describe('create', () => {
  it('accepts 200 and reads back via Location when the body lacks an id', async () => {
    const server = await serve((req) =>
      req.method === 'POST'
        ? {
            status: 200,
            headers: { location: `http://127.0.0.1:1/elsewhere/Users/x` },
            body: { userName: 'a' },
          }
        : { status: 200, body: { totalResults: 1, Resources: [{ id: 'n1', userName: 'a' }] } },
    );
    const created = await client(server).users.create({ userName: 'a' });
    expect(created.id).toBe('n1');
    // The foreign-origin Location is not followed; the user is found by userName instead.
    expect(server.requests[1]!.query.get('filter')).toBe('userName eq "a"');
  });

  it('follows a same-origin Location after an empty 201', async () => {
    let base = '';
    const server = await serve((req) =>
      req.method === 'POST'
        ? { status: 201, headers: { location: `${base}/Users/n2` } }
        : { status: 200, body: { id: 'n2', userName: 'b' } },
    );
    base = server.url;
    expect((await client(server).users.create({ userName: 'b' })).id).toBe('n2');
    expect(server.requests[1]!.path).toBe('/Users/n2');
  });
});
