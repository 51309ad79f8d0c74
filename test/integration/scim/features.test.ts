// The client against sandboxes with PATCH or ETags switched off: GET+PUT fallback, no If-Match.
import { afterEach, describe, expect, it } from 'vitest';
import type { ScimUser } from '../../../packages/scim/src/index';
import {
  type RecordingProxy,
  type SandboxHarness,
  scimErrorBody,
  startProxy,
  startSandboxHarness,
} from '../../support/scim';

let h: SandboxHarness | undefined;
let proxy: RecordingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await h?.close();
  h = undefined;
  proxy = undefined;
});

const seedUser = (harness: SandboxHarness, userName: string) =>
  harness.sandbox.store.seed({ users: [{ userName, title: 'Before' }] }).users[0] as ScimUser;

describe('PATCH off (features.patch=false)', () => {
  it('deactivate goes through GET+PUT, sends no PATCH, and the user ends up inactive', async () => {
    h = await startSandboxHarness({ features: { patch: false } });
    const user = seedUser(h, 'nopatch@example.com');
    const result = await h.client.users.deactivate(user.id!);
    expect(result.active).toBe(false);
    expect(h.sandbox.store.getUser(user.id!)?.active).toBe(false);
    expect(h.sandbox.store.getUser(user.id!)?.title).toBe('Before');
    const ops = h.calls.map((c) => `${c.method} ${c.operation}`);
    expect(ops).not.toContainEqual(expect.stringMatching(/^PATCH /));
    expect(ops).toContain('GET users.get');
    expect(ops).toContain('PUT users.replace');
    expect(h.calls.filter((c) => c.method === 'PUT').every((c) => c.status === 200)).toBe(true);

    // Idempotent: already inactive, so no second PUT.
    h.calls.length = 0;
    await h.client.users.deactivate(user.id!);
    expect(h.calls.filter((c) => c.method === 'PUT')).toHaveLength(0);

    await h.client.users.reactivate(user.id!);
    expect(h.sandbox.store.getUser(user.id!)?.active).toBe(true);
  });

  it('update and group membership also fall back to PUT', async () => {
    h = await startSandboxHarness({ features: { patch: false } });
    const user = seedUser(h, 'nopatch2@example.com');
    await h.client.users.update(user.id!, { title: 'After', 'name.givenName': 'Nop' });
    expect(h.sandbox.store.getUser(user.id!)).toMatchObject({ title: 'After', name: { givenName: 'Nop' } });
    const g = await h.client.groups.create({ displayName: 'NoPatch' });
    await h.client.groups.addMembers(g.id!, [user.id!]);
    expect(h.sandbox.store.getGroup(g.id!)?.members).toEqual([expect.objectContaining({ value: user.id })]);
    await h.client.groups.removeMembers(g.id!, [user.id!]);
    expect(h.sandbox.store.getGroup(g.id!)?.members ?? []).toEqual([]);
    expect(h.calls.some((c) => c.method === 'PATCH')).toBe(false);
  });

  it('an explicit patch() is answered 501 and surfaces as ScimError', async () => {
    h = await startSandboxHarness({ features: { patch: false } });
    const user = seedUser(h, 'nopatch3@example.com');
    await expect(
      h.client.users.patch(user.id!, [{ op: 'replace', path: 'title', value: 'x' }]),
    ).rejects.toMatchObject({ status: 501 });
  });

  it('with no readable config, a 501 from PATCH still falls back to GET+PUT', async () => {
    h = await startSandboxHarness({ features: { patch: false } });
    const user = seedUser(h, 'nopatch4@example.com');
    // Hide /ServiceProviderConfig, so the client assumes PATCH works and learns otherwise from the 501.
    proxy = await startProxy(h.sandbox.origin, (req) =>
      req.url.includes('/ServiceProviderConfig')
        ? {
            status: 404,
            headers: { 'content-type': 'application/scim+json' },
            body: scimErrorBody(404, 'not here'),
          }
        : undefined,
    );
    const client = h.newClient({ baseUrl: `${proxy.origin}/scim/v2` });
    await client.users.deactivate(user.id!);
    expect(h.sandbox.store.getUser(user.id!)?.active).toBe(false);
    expect(proxy.requests.map((r) => r.method)).toEqual(expect.arrayContaining(['PATCH', 'GET', 'PUT']));
    const patch = proxy.requests.findIndex((r) => r.method === 'PATCH');
    const put = proxy.requests.findIndex((r) => r.method === 'PUT');
    expect(put).toBeGreaterThan(patch);
  });
});

describe('ETags', () => {
  async function writes(features: { etag: boolean }) {
    h = await startSandboxHarness({ features });
    proxy = await startProxy(h.sandbox.origin);
    const client = h.newClient({ baseUrl: `${proxy.origin}/scim/v2` });
    const user = seedUser(h, 'etag@example.com');
    const fetched = await client.users.get(user.id!);
    await client.users.replace(user.id!, { ...fetched, title: 'Replaced' });
    await client.users.update(user.id!, { title: 'Patched' });
    await client.users.deactivate(user.id!);
    const putOnly = h.newClient({ baseUrl: `${proxy.origin}/scim/v2`, updateStyle: 'put' });
    await putOnly.users.update(user.id!, { title: 'Put' });
    const g = await client.groups.create({ displayName: 'E' });
    await client.groups.addMembers(g.id!, [user.id!]);
    return { fetched, user, requests: proxy.requests.filter((r) => r.method !== 'GET') };
  }

  it('ETag off: no meta.version, and no If-Match on any write', async () => {
    const { fetched, requests } = await writes({ etag: false });
    expect(fetched.meta?.version).toBeUndefined();
    expect(requests.length).toBeGreaterThanOrEqual(6);
    for (const r of requests) expect(r.headers['if-match'], `${r.method} ${r.url}`).toBeUndefined();
    expect(h!.sandbox.store.listUsers()[0]).toMatchObject({ title: 'Put', active: false });
  });

  it('ETag on (control): PATCH and PUT updates carry If-Match with the current version', async () => {
    const { fetched, requests } = await writes({ etag: true });
    expect(fetched.meta?.version).toMatch(/^W\//);
    const userWrites = requests.filter((r) => /\/Users\//.test(r.url));
    expect(userWrites.map((r) => r.method)).toEqual(['PUT', 'PATCH', 'PATCH', 'PUT']);
    for (const r of userWrites) expect(r.headers['if-match']).toMatch(/^W\//);
    expect(userWrites[0]?.headers['if-match']).toBe(fetched.meta?.version);
    expect(new Set(userWrites.map((r) => r.headers['if-match'])).size).toBe(4);
  });
});
