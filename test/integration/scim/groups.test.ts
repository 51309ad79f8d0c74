// ScimClient groups API against the real scim-sandbox: CRUD, excludedAttributes=members, add/remove members.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { f, ScimError, type ScimGroup, type ScimUser } from '../../../packages/scim/src/index';
import {
  type RecordingProxy,
  type SandboxHarness,
  startProxy,
  startSandboxHarness,
} from '../../support/scim';

let h: SandboxHarness;
let proxy: RecordingProxy;
let users: ScimUser[];

beforeAll(async () => {
  h = await startSandboxHarness();
  proxy = await startProxy(h.sandbox.origin);
});
afterAll(async () => {
  await proxy?.close();
  await h?.close();
});
beforeEach(() => {
  h.sandbox.store.clear();
  h.calls.length = 0;
  proxy.requests.length = 0;
  users = h.sandbox.store.seed({
    users: ['u1', 'u2', 'u3'].map((n) => ({ userName: `${n}@example.com` })),
  }).users as ScimUser[];
});

const ids = () => users.map((u) => u.id!);
const memberIds = (groupId: string) =>
  ((h.sandbox.store.getGroup(groupId)?.members as Array<{ value: string }> | undefined) ?? [])
    .map((m) => m.value)
    .sort();

describe('groups', () => {
  it('create, get (with and without members), list by displayName, replace, patch, delete', async () => {
    const [a, b] = ids();
    const g = await h.client.groups.create({ displayName: 'Engineering', members: [{ value: a! }] });
    expect(g.id).toBeTypeOf('string');
    expect(g.members?.map((m) => m.value)).toEqual([a]);

    const full = await h.client.groups.get(g.id!);
    expect(full.members?.map((m) => m.value)).toEqual([a]);
    const slim = await h.client.groups.get(g.id!, { excludedAttributes: 'members' });
    expect(slim.displayName).toBe('Engineering');
    expect(slim.members).toBeUndefined();

    const found = await h.client.groups.list({
      filter: f.eq('displayName', 'engineering'),
      excludedAttributes: 'members',
    });
    expect(found.resources.map((x) => x.id)).toEqual([g.id]);
    expect(found.resources[0]?.members).toBeUndefined();

    const replaced = await h.client.groups.replace(g.id!, {
      displayName: 'Engineering EU',
      members: [{ value: b! }],
    });
    expect(replaced.displayName).toBe('Engineering EU');
    expect(memberIds(g.id!)).toEqual([b]);

    // Groups answer PATCH with 204: the client reads the group back.
    const patched = await h.client.groups.patch(g.id!, [
      { op: 'replace', path: 'displayName', value: 'Engineering DE' },
    ]);
    expect(patched.displayName).toBe('Engineering DE');
    const patchCall = h.calls.find((c) => c.operation === 'groups.patch');
    expect(patchCall?.status).toBe(204);

    await h.client.groups.delete(g.id!);
    expect(await h.client.groups.getOrNull(g.id!)).toBeNull();
    expect(h.sandbox.store.listGroups()).toHaveLength(0);
  });

  it('duplicate displayName is a 409 uniqueness (case-insensitive)', async () => {
    await h.client.groups.create({ displayName: 'Sales' });
    const err = await h.client.groups.create({ displayName: 'SALES' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ status: 409, scimType: 'uniqueness' });
  });

  it('addMembers adds (idempotently) and removeMembers removes only the named users', async () => {
    const [a, b, c] = ids();
    const g = await h.client.groups.create({ displayName: 'Team', members: [{ value: a! }] });
    await h.client.groups.addMembers(g.id!, [b!, c!]);
    expect(memberIds(g.id!)).toEqual([a, b, c].sort());
    await h.client.groups.addMembers(g.id!, [b!]);
    expect(memberIds(g.id!)).toEqual([a, b, c].sort());

    const user = await h.client.users.get(b!);
    expect(user.groups?.map((x) => x.value)).toEqual([g.id]);

    await h.client.groups.removeMembers(g.id!, [b!]);
    expect(memberIds(g.id!)).toEqual([a, c].sort());
    await h.client.groups.removeMembers(g.id!, [b!]); // already gone: still fine
    expect(memberIds(g.id!)).toEqual([a, c].sort());
    await h.client.groups.addMembers(g.id!, []);
    await h.client.groups.removeMembers(g.id!, [a!, c!]);
    expect(memberIds(g.id!)).toEqual([]);
  });

  it('membership PATCHes use RFC paths, never the legacy remove-all form, and carry no If-Match', async () => {
    const [a, b] = ids();
    const g = await h.client.groups.create({ displayName: 'Wire', members: [{ value: a! }] });
    const client = h.newClient({ baseUrl: `${proxy.origin}/scim/v2` });
    await client.groups.addMembers(g.id!, [b!]);
    await client.groups.removeMembers(g.id!, [a!]);
    const patches = proxy.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(2);
    expect(JSON.parse(patches[0]!.body).Operations).toEqual([
      { op: 'add', path: 'members', value: [{ value: b }] },
    ]);
    expect(JSON.parse(patches[1]!.body).Operations).toEqual([
      { op: 'remove', path: `members[value eq "${a}"]` },
    ]);
    for (const p of patches) expect(p.headers['if-match']).toBeUndefined();
    expect(memberIds(g.id!)).toEqual([b]);
  });

  it('iterates groups', async () => {
    for (const name of ['G1', 'G2', 'G3']) await h.client.groups.create({ displayName: name });
    const names: string[] = [];
    for await (const g of h.client.groups.iterate({ pageSize: 2, excludedAttributes: 'members' })) {
      names.push((g as ScimGroup).displayName!);
    }
    expect(names).toEqual(['G1', 'G2', 'G3']);
  });
});
