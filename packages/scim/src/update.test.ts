// Update strategies against real local servers: PATCH forms, GET+PUT fallback, ETags, group members.

import { describe, expect, it } from 'vitest';
import { ScimClient } from './client';
import { MESSAGE_PATCH_OP } from './constants';
import { ScimClientError, ScimConflictError } from './errors';
import {
  nonConfig,
  type RecordedRequest,
  type Reply,
  scimError,
  type TestServer,
  useServers,
  withConfig,
} from './test-server';
import type { ScimClientOptions, ServiceProviderConfig } from './types';

const serve = useServers();

function client(server: TestServer, extra: Partial<ScimClientOptions> = {}) {
  return new ScimClient({ baseUrl: server.url, auth: { type: 'none' }, sleep: async () => {}, ...extra });
}

describe('update strategies', () => {
  function store(spc: ServiceProviderConfig | null, extra?: (req: RecordedRequest) => Reply | undefined) {
    const users = new Map<string, Record<string, unknown>>([
      ['u1', { id: 'u1', userName: 'ann', active: true, meta: { version: 'W/"1"' } }],
    ]);
    const handler = withConfig(spc, (req) => {
      const hit = extra?.(req);
      if (hit) return hit;
      const u = users.get(req.path.split('/').pop()!);
      if (!u) return scimError(404);
      if (req.method === 'GET') return { status: 200, body: u };
      if (req.method === 'PUT') {
        const next = { ...(req.json as Record<string, unknown>), id: 'u1', meta: { version: 'W/"2"' } };
        users.set('u1', next);
        return { status: 200, body: next };
      }
      if (req.method === 'PATCH') return { status: 204 };
      return scimError(400);
    });
    return { users, handler };
  }

  it('deactivate goes through GET+PUT when PATCH is unsupported, and is idempotent', async () => {
    const { handler, users } = store({ patch: { supported: false } });
    const server = await serve(handler);
    const scim = client(server);
    expect((await scim.users.deactivate('u1')).active).toBe(false);
    const put = server.requests.find((r) => r.method === 'PUT')!;
    expect(put.json).toEqual({
      userName: 'ann',
      active: false,
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    });
    expect(users.get('u1')!.active).toBe(false);
    await scim.users.deactivate('u1');
    expect(nonConfig(server).map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
    expect(server.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('falls back to PUT when PATCH answers 501', async () => {
    const { handler } = store(null, (req) =>
      req.method === 'PATCH' ? scimError(501, undefined, 'no patch') : undefined,
    );
    const server = await serve(handler);
    await client(server).users.reactivate('u1');
    expect(nonConfig(server).map((r) => r.method)).toEqual(['PATCH', 'GET']);
    await client(server).users.deactivate('u1');
    expect(nonConfig(server).map((r) => r.method)).toEqual(['PATCH', 'GET', 'PATCH', 'GET', 'PUT']);
  });

  it('PATCHes with an explicit path, then GETs after 204', async () => {
    const { handler } = store({ patch: { supported: true } });
    const server = await serve(handler);
    const out = await client(server).users.deactivate('u1');
    expect(out.id).toBe('u1');
    const patch = server.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.json).toEqual({
      schemas: [MESSAGE_PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(patch.headers['if-match']).toBeUndefined();
  });

  it('uses the no-path value map with updateStyle patchValueMap and lowercases ops', async () => {
    const { handler } = store({ patch: { supported: true } });
    const server = await serve(handler);
    const scim = client(server, { updateStyle: 'patchValueMap' });
    await scim.users.deactivate('u1');
    await scim.users.patch('u1', [{ op: 'Replace', path: 'title', value: 'x' }]);
    const patches = server.requests
      .filter((r) => r.method === 'PATCH')
      .map((r) => (r.json as { Operations: unknown }).Operations);
    expect(patches).toEqual([
      [{ op: 'replace', value: { active: false } }],
      [{ op: 'replace', path: 'title', value: 'x' }],
    ]);
  });

  it('sends If-Match with meta.version when ETags are supported and retries after 412', async () => {
    let conflicts = 1;
    const { handler } = store({ etag: { supported: true } }, (req) =>
      req.method === 'PATCH' && conflicts-- > 0 ? scimError('412') : undefined,
    );
    const server = await serve(handler);
    await client(server).users.update('u1', { 'name.givenName': 'Ann' });
    const patches = server.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(2);
    expect(patches.map((p) => p.headers['if-match'])).toEqual(['W/"1"', 'W/"1"']);
  });

  it('gives up with ScimConflictError after retry.attempts 412s', async () => {
    const { handler } = store({ etag: { supported: true }, patch: { supported: false } }, (req) =>
      req.method === 'PUT' ? scimError(412) : undefined,
    );
    const server = await serve(handler);
    const error = await client(server, { retry: { attempts: 2 } })
      .users.update('u1', { title: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimConflictError);
    expect(server.requests.filter((r) => r.method === 'PUT').map((r) => r.headers['if-match'])).toEqual([
      'W/"1"',
      'W/"1"',
    ]);
  });

  it('replace sends meta.version as If-Match only when ETags are supported', async () => {
    for (const supported of [true, false]) {
      const { handler } = store({ etag: { supported } });
      const server = await serve(handler);
      await client(server).users.replace('u1', { userName: 'ann', meta: { version: 'W/"1"' } });
      const put = server.requests.find((r) => r.method === 'PUT')!;
      expect(put.headers['if-match']).toBe(supported ? 'W/"1"' : undefined);
      expect(put.json).toEqual({ userName: 'ann', schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] });
    }
  });

  it('rejects read-only and malformed changes before sending anything', async () => {
    const server = await serve(() => ({ status: 500 }));
    await expect(client(server).users.update('u1', { id: 'x' })).rejects.toBeInstanceOf(ScimClientError);
    await expect(client(server).users.update('u1', { 'a b': 1 })).rejects.toMatchObject({
      code: 'SCIM_INVALID_ARGUMENT',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('group members', () => {
  it('adds with path members and removes with members[value eq "id"]', async () => {
    const server = await serve(withConfig(null, () => ({ status: 204 })));
    const scim = client(server);
    await scim.groups.addMembers('g1', ['u1', 'u2', 'u1']);
    await scim.groups.removeMembers('g1', ['u"3']);
    await scim.groups.addMembers('g1', []);
    const bodies = nonConfig(server).map((r) => [
      r.method,
      r.path,
      (r.json as { Operations: unknown }).Operations,
    ]);
    expect(bodies).toEqual([
      ['PATCH', '/Groups/g1', [{ op: 'add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] }]],
      ['PATCH', '/Groups/g1', [{ op: 'remove', path: 'members[value eq "u\\"3"]' }]],
    ]);
  });

  it('edits members through GET+PUT when PATCH is unsupported', async () => {
    let group: Record<string, unknown> = {
      id: 'g1',
      displayName: 'G',
      members: [{ value: 'u1' }, { value: 'u2' }],
    };
    const server = await serve(
      withConfig({ patch: { supported: false } }, (req) => {
        if (req.method === 'PUT') group = { ...(req.json as object), id: 'g1' };
        return { status: 200, body: group };
      }),
    );
    const scim = client(server);
    await scim.groups.removeMembers('g1', ['u1']);
    await scim.groups.addMembers('g1', ['u3', 'u2']);
    expect(group.members).toEqual([{ value: 'u2' }, { value: 'u3' }]);
    expect(group.displayName).toBe('G');
  });
});
