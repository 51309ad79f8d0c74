// ScimClient users API against the real scim-sandbox over HTTP: read, query, write, deactivate, 409 and ETags.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  f,
  SCHEMA_ENTERPRISE_USER,
  ScimConflictError,
  ScimError,
  type ScimUser,
} from '../../../packages/scim/src/index';
import { type SandboxHarness, startSandboxHarness } from '../../support/scim';

let h: SandboxHarness;

const ann: ScimUser = {
  userName: 'ann.lee@example.com',
  externalId: 'E100',
  name: { givenName: 'Ann', familyName: 'Lee' },
  displayName: 'Ann Lee',
  title: 'Engineer',
  emails: [
    { value: 'ann.lee@example.com', type: 'work', primary: true },
    { value: 'ann@home.example', type: 'home' },
  ],
  [SCHEMA_ENTERPRISE_USER]: { department: 'Engineering', employeeNumber: 'E100' },
};

beforeAll(async () => {
  h = await startSandboxHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.sandbox.store.clear();
  h.calls.length = 0;
});

async function seedUsers(names: string[]): Promise<ScimUser[]> {
  return h.sandbox.store.seed({
    users: names.map((n, i) => ({ userName: n, title: `T${i}`, emails: [{ value: n, type: 'work' }] })),
  }).users as ScimUser[];
}

describe('users: create and read', () => {
  it('creates a user (201 with id and meta) that the sandbox really stored', async () => {
    const created = await h.client.users.create(ann);
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.userName).toBe('ann.lee@example.com');
    expect(created.active).toBe(true);
    expect(created.meta?.location).toBe(`${h.sandbox.url}/Users/${created.id}`);
    expect(created.meta?.version).toMatch(/^W\//);
    expect(h.calls.filter((c) => c.operation === 'users.create').map((c) => c.status)).toEqual([201]);
    const stored = h.sandbox.store.getUser(created.id!);
    expect(stored?.userName).toBe('ann.lee@example.com');
    expect((stored?.[SCHEMA_ENTERPRISE_USER] as { department?: string } | undefined)?.department).toBe(
      'Engineering',
    );
  });

  it('get returns the user; attributes and excludedAttributes project it', async () => {
    const [u] = await seedUsers(['p@example.com']);
    const full = await h.client.users.get(u!.id!);
    expect(full).toMatchObject({ id: u!.id, userName: 'p@example.com', title: 'T0' });

    const only = await h.client.users.get(u!.id!, { attributes: ['userName'] });
    expect(only.userName).toBe('p@example.com');
    expect(only.id).toBe(u!.id);
    expect(only.title).toBeUndefined();
    expect(only.emails).toBeUndefined();

    const without = await h.client.users.get(u!.id!, { excludedAttributes: 'emails' });
    expect(without.emails).toBeUndefined();
    expect(without.title).toBe('T0');
  });

  it('get of an unknown id throws ScimError 404; getOrNull returns null', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(h.client.users.get(missing)).rejects.toMatchObject({ name: 'ScimError', status: 404 });
    expect(await h.client.users.getOrNull(missing)).toBeNull();
    const [u] = await seedUsers(['present@example.com']);
    expect((await h.client.users.getOrNull(u!.id!))?.userName).toBe('present@example.com');
  });

  it('409 uniqueness on a duplicate userName, compared case-insensitively', async () => {
    await h.client.users.create({ userName: 'dup.user@example.com' });
    const err = await h.client.users.create({ userName: 'DUP.User@Example.COM' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ status: 409, scimType: 'uniqueness' });
    expect(h.sandbox.store.listUsers()).toHaveLength(1);
  });
});

describe('users: list', () => {
  const names = ['d@example.com', 'b@example.com', 'e@example.com', 'a@example.com', 'c@example.com'];

  it('filters by userName (case-insensitive) and reports totals', async () => {
    await seedUsers(names);
    const r = await h.client.users.list({ filter: f.eq('userName', 'C@EXAMPLE.com') });
    expect(r.totalResults).toBe(1);
    expect(r.resources.map((u) => u.userName)).toEqual(['c@example.com']);

    const none = await h.client.users.list({ filter: f.eq('userName', 'nobody@example.com') });
    expect(none).toMatchObject({ totalResults: 0, resources: [] });

    const compound = await h.client.users.list({
      filter: f.or(f.eq('userName', 'a@example.com'), f.eq('title', 'T2')),
      sortBy: 'userName',
    });
    expect(compound.resources.map((u) => u.userName)).toEqual(['a@example.com', 'e@example.com']);
  });

  it('filters with the Entra emails[type eq "work"].value form', async () => {
    await seedUsers(names);
    const r = await h.client.users.list({
      filter: f.eq(f.path('emails', f.eq('type', 'work'), 'value'), 'e@example.com'),
    });
    expect(r.resources.map((u) => u.userName)).toEqual(['e@example.com']);
  });

  it('sortBy ascending / descending', async () => {
    await seedUsers(names);
    const asc = await h.client.users.list({ sortBy: 'userName' });
    expect(asc.resources.map((u) => u.userName)).toEqual([...names].sort());
    const desc = await h.client.users.list({ sortBy: 'userName', sortOrder: 'descending' });
    expect(desc.resources.map((u) => u.userName)).toEqual([...names].sort().reverse());
  });

  it('startIndex and count page through in creation order', async () => {
    await seedUsers(names);
    const page = await h.client.users.list({ startIndex: 2, count: 2 });
    expect(page).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(page.resources.map((u) => u.userName)).toEqual(['b@example.com', 'e@example.com']);
    const last = await h.client.users.list({ startIndex: 5, count: 2 });
    expect(last.itemsPerPage).toBe(1);
    expect(last.resources.map((u) => u.userName)).toEqual(['c@example.com']);
    const zero = await h.client.users.list({ count: 0 });
    expect(zero).toMatchObject({ totalResults: 5, resources: [] });
  });

  it('attributes and excludedAttributes apply to every listed resource', async () => {
    await seedUsers(names);
    const only = await h.client.users.list({ attributes: 'userName', count: 3 });
    expect(only.resources).toHaveLength(3);
    for (const u of only.resources) {
      expect(Object.keys(u).sort()).toEqual(['id', 'schemas', 'userName']);
    }
    const without = await h.client.users.list({ excludedAttributes: ['emails', 'title'] });
    expect(without.resources).toHaveLength(5);
    for (const u of without.resources) {
      expect(u.emails).toBeUndefined();
      expect(u.title).toBeUndefined();
      expect(u.userName).toBeTypeOf('string');
    }
  });

  it('iterate yields every match once, with a filter', async () => {
    await seedUsers(names);
    await seedUsers(['x1@other.test', 'x2@other.test']);
    const seen: string[] = [];
    for await (const u of h.client.users.iterate({ filter: f.ew('userName', '@example.com'), pageSize: 2 })) {
      seen.push(u.userName!);
    }
    expect(seen).toEqual(names);
    expect(h.calls.filter((c) => c.operation === 'users.list')).toHaveLength(3);
  });
});

describe('users: write', () => {
  it('replace (PUT) sends the full representation and drops what was left out', async () => {
    const created = await h.client.users.create(ann);
    const next: ScimUser = { ...created, title: 'Staff Engineer', nickName: 'Annie' };
    delete next.emails;
    const replaced = await h.client.users.replace(created.id!, next);
    expect(replaced).toMatchObject({ id: created.id, title: 'Staff Engineer', nickName: 'Annie' });
    expect(replaced.emails).toBeUndefined();
    expect(replaced.meta?.version).not.toBe(created.meta?.version);
    expect(h.sandbox.store.getUser(created.id!)?.nickName).toBe('Annie');
    expect(h.calls.some((c) => c.method === 'PUT' && c.operation === 'users.replace')).toBe(true);
  });

  it('patch with explicit paths, including emails[type eq "work"].value', async () => {
    const created = await h.client.users.create(ann);
    const patched = await h.client.users.patch(created.id!, [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'ann.new@example.com' },
      { op: 'replace', path: 'name.givenName', value: 'Annie' },
      { op: 'add', path: `${SCHEMA_ENTERPRISE_USER}:costCenter`, value: 'CC-7' },
      { op: 'remove', path: 'title' },
    ]);
    const emails = patched.emails ?? [];
    expect(emails.find((e) => e.type === 'work')?.value).toBe('ann.new@example.com');
    expect(emails.find((e) => e.type === 'home')?.value).toBe('ann@home.example');
    expect(patched.name?.givenName).toBe('Annie');
    expect(patched.name?.familyName).toBe('Lee');
    expect(patched.title).toBeUndefined();
    expect(patched[SCHEMA_ENTERPRISE_USER]).toMatchObject({ department: 'Engineering', costCenter: 'CC-7' });
    const stored = h.sandbox.store.getUser(created.id!) as ScimUser;
    expect(stored.emails?.find((e) => e.type === 'work')?.value).toBe('ann.new@example.com');
  });

  it('patch that matches nothing fails atomically with noTarget', async () => {
    const created = await h.client.users.create(ann);
    const err = await h.client.users
      .patch(created.id!, [
        { op: 'replace', path: 'title', value: 'Changed' },
        { op: 'replace', path: 'emails[type eq "other"].value', value: 'x@example.com' },
      ])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ScimError', status: 400, scimType: 'noTarget' });
    expect(h.sandbox.store.getUser(created.id!)?.title).toBe('Engineer');
  });

  it('update maps paths to values (dotted, valuePath, enterprise object, null removes)', async () => {
    const created = await h.client.users.create(ann);
    const updated = await h.client.users.update(created.id!, {
      'name.givenName': 'Annabel',
      'emails[type eq "work"].value': 'annabel@example.com',
      [SCHEMA_ENTERPRISE_USER]: { department: 'Finance' },
      title: null,
    });
    expect(updated.name).toMatchObject({ givenName: 'Annabel', familyName: 'Lee' });
    expect(updated.emails?.find((e) => e.type === 'work')?.value).toBe('annabel@example.com');
    expect(updated[SCHEMA_ENTERPRISE_USER]).toMatchObject({ department: 'Finance', employeeNumber: 'E100' });
    expect(updated.title).toBeUndefined();
    expect(h.sandbox.store.getUser(created.id!)?.title).toBeUndefined();
    const methods = h.calls.filter((c) => c.operation.startsWith('users.')).map((c) => c.method);
    expect(methods).toContain('PATCH');
    expect(methods).not.toContain('PUT');
  });

  it('delete removes the user; a second delete is a 404', async () => {
    const created = await h.client.users.create({ userName: 'gone@example.com' });
    await h.client.users.delete(created.id!);
    expect(h.sandbox.store.getUser(created.id!)).toBeUndefined();
    expect(await h.client.users.getOrNull(created.id!)).toBeNull();
    await expect(h.client.users.delete(created.id!)).rejects.toMatchObject({ status: 404 });
  });

  it('deactivate keeps the user with active=false (no DELETE), is idempotent, reactivate undoes it', async () => {
    const created = await h.client.users.create({ userName: 'leaver@example.com' });
    const off = await h.client.users.deactivate(created.id!);
    expect(off.active).toBe(false);
    expect(h.sandbox.store.getUser(created.id!)?.active).toBe(false);
    const again = await h.client.users.deactivate(created.id!);
    expect(again.active).toBe(false);
    const inactive = await h.client.users.list({ filter: f.eq('active', false) });
    expect(inactive.resources.map((u) => u.id)).toEqual([created.id]);
    expect(h.calls.some((c) => c.method === 'DELETE')).toBe(false);

    const on = await h.client.users.reactivate(created.id!);
    expect(on.active).toBe(true);
    expect(h.sandbox.store.getUser(created.id!)?.active).toBe(true);
  });
});

describe('users: ETags', () => {
  it('replace with a stale meta.version is rejected as ScimConflictError (412), and changes nothing', async () => {
    const v1 = await h.client.users.create({ userName: 'etag@example.com', title: 'One' });
    const v2 = await h.client.users.update(v1.id!, { title: 'Two' });
    expect(v2.meta?.version).not.toBe(v1.meta?.version);

    // The stale version rides on the resource itself …
    const viaMeta = await h.client.users.replace(v1.id!, { ...v1, title: 'Three' }).catch((e: unknown) => e);
    expect(viaMeta).toBeInstanceOf(ScimConflictError);
    expect(viaMeta).toMatchObject({ code: 'SCIM_CONFLICT', status: 412 });
    // … or is passed explicitly.
    const viaOption = await h.client.users
      .replace(v1.id!, { userName: 'etag@example.com', title: 'Three' }, { etag: v1.meta!.version! })
      .catch((e: unknown) => e);
    expect(viaOption).toBeInstanceOf(ScimConflictError);
    expect(h.sandbox.store.getUser(v1.id!)?.title).toBe('Two');

    // The current version is accepted.
    const ok = await h.client.users.replace(v1.id!, { ...v2, title: 'Three' });
    expect(ok.title).toBe('Three');
  });

  it('patch with a stale ETag is rejected as ScimConflictError', async () => {
    const v1 = await h.client.users.create({ userName: 'etag2@example.com', title: 'One' });
    await h.client.users.patch(v1.id!, [{ op: 'replace', path: 'title', value: 'Two' }]);
    const err = await h.client.users
      .patch(v1.id!, [{ op: 'replace', path: 'title', value: 'Three' }], { etag: v1.meta!.version! })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScimConflictError);
    expect(h.sandbox.store.getUser(v1.id!)?.title).toBe('Two');
    const fresh = await h.client.users.get(v1.id!);
    const ok = await h.client.users.patch(v1.id!, [{ op: 'replace', path: 'title', value: 'Three' }], {
      etag: fresh.meta!.version!,
    });
    expect(ok.title).toBe('Three');
  });
});
