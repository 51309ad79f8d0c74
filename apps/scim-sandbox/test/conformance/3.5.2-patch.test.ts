// RFC 7644 §3.5.2 PATCH over HTTP: add/remove/replace, valuePath, members, noTarget/invalidPath, atomicity, 200 vs 204.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, ENTERPRISE, patchBody, startClient, userBody } from '../helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sandbox.close());

let n = 0;
const newUser = async (extra: Record<string, unknown> = {}) =>
  (await c.post('/Users', userBody(`p${++n}`, extra))).body;

describe('§3.5.2 modifying with PATCH', () => {
  it('replaces a simple attribute and answers 200 with the full user', async () => {
    const u = await newUser();
    const r = await c.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'active', value: false }));
    expect(r.status).toBe(200);
    expect(r.body.active).toBe(false);
    expect(r.body.userName).toBe(u.userName);
  });

  it('adds to a multi-valued attribute and moves primary', async () => {
    const u = await newUser();
    const r = await c.patch(
      `/Users/${u.id}`,
      patchBody({
        op: 'add',
        path: 'emails',
        value: [{ value: 'second@example.com', type: 'home', primary: true }],
      }),
    );
    expect(r.body.emails).toHaveLength(2);
    expect(r.body.emails.filter((e: { primary?: boolean }) => e.primary)).toEqual([
      expect.objectContaining({ type: 'home' }),
    ]);
  });

  it('replaces a valuePath sub-attribute and gives 400 noTarget when nothing matches', async () => {
    const u = await newUser();
    const ok = await c.patch(
      `/Users/${u.id}`,
      patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }),
    );
    expect(ok.body.emails[0]).toMatchObject({ value: 'new@example.com', type: 'work' });
    const miss = await c.patch(
      `/Users/${u.id}`,
      patchBody({ op: 'replace', path: 'emails[type eq "home"].value', value: 'x@example.com' }),
    );
    expect(miss.status).toBe(400);
    expect(miss.body).toMatchObject({ status: '400', scimType: 'noTarget' });
  });

  it('removes with a valuePath filter, and all values without one', async () => {
    const u = await newUser({
      phoneNumbers: [
        { value: '1', type: 'work' },
        { value: '2', type: 'mobile' },
      ],
    });
    const one = await c.patch(
      `/Users/${u.id}`,
      patchBody({ op: 'remove', path: 'phoneNumbers[type eq "work"]' }),
    );
    expect(one.body.phoneNumbers).toEqual([{ value: '2', type: 'mobile' }]);
    const all = await c.patch(`/Users/${u.id}`, patchBody({ op: 'remove', path: 'phoneNumbers' }));
    expect(all.body.phoneNumbers).toBeUndefined();
  });

  it('answers 400 noTarget for remove without path, 400 invalidPath for a bad path, 400 mutability for readOnly', async () => {
    const u = await newUser();
    expect((await c.patch(`/Users/${u.id}`, patchBody({ op: 'remove' }))).body.scimType).toBe('noTarget');
    for (const path of ['emails[type eq', 'noSuchAttr', 'name.nope', 'userName[value eq "x"]']) {
      const r = await c.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path, value: 'x' }));
      expect(r.body.scimType, path).toBe('invalidPath');
    }
    expect(
      (await c.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'id', value: 'x' }))).body.scimType,
    ).toBe('mutability');
    expect((await c.patch(`/Users/${u.id}`, { Operations: 'nope' })).body.scimType).toBe('invalidSyntax');
    expect((await c.patch(`/Users/${u.id}`, patchBody({ op: 'move', path: 'title' }))).body.scimType).toBe(
      'invalidSyntax',
    );
  });

  it('is atomic: a failing later operation leaves the stored resource untouched', async () => {
    const u = await newUser({ title: 'Before' });
    const r = await c.patch(
      `/Users/${u.id}`,
      patchBody(
        { op: 'replace', path: 'title', value: 'After' },
        { op: 'replace', path: 'active', value: false },
        { op: 'remove' },
      ),
    );
    expect(r.status).toBe(400);
    const got = await c.get(`/Users/${u.id}`);
    expect(got.body.title).toBe('Before');
    expect(got.body.active).toBe(true);
    expect(got.body.meta.version).toBe(u.meta.version);
  });

  it('gives 409 when a PATCH makes userName collide', async () => {
    const a = await newUser();
    const b = await newUser();
    const r = await c.patch(
      `/Users/${b.id}`,
      patchBody({ op: 'replace', path: 'userName', value: a.userName.toUpperCase() }),
    );
    expect(r.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it('patches enterprise attributes by URN path and removes the extension when emptied', async () => {
    const u = await newUser();
    const r = await c.patch(
      `/Users/${u.id}`,
      patchBody({ op: 'add', path: `${ENTERPRISE}:department`, value: 'Ops' }),
    );
    expect(r.body[ENTERPRISE]).toEqual({ department: 'Ops' });
    expect(r.body.schemas).toContain(ENTERPRISE);
    const gone = await c.patch(
      `/Users/${u.id}`,
      patchBody({ op: 'remove', path: `${ENTERPRISE}:department` }),
    );
    expect(gone.body[ENTERPRISE]).toBeUndefined();
    expect(gone.body.schemas).not.toContain(ENTERPRISE);
  });

  it('adds and removes group members; group PATCH answers 204, or 200 when attributes are asked for', async () => {
    const a = await newUser();
    const b = await newUser();
    const g = (await c.post('/Groups', { displayName: 'Patch group' })).body;
    const add = await c.patch(
      `/Groups/${g.id}`,
      patchBody({ op: 'add', path: 'members', value: [{ value: a.id }, { value: b.id }] }),
    );
    expect(add.status).toBe(204);
    expect(add.body).toBeUndefined();
    const again = await c.patch(
      `/Groups/${g.id}`,
      patchBody({ op: 'add', path: 'members', value: [{ value: a.id }] }),
    );
    expect(again.status).toBe(204);
    const rm = await c.patch(
      `/Groups/${g.id}?attributes=members`,
      patchBody({ op: 'remove', path: `members[value eq "${a.id}"]` }),
    );
    expect(rm.status).toBe(200);
    expect(rm.body.members.map((m: { value: string }) => m.value)).toEqual([b.id]);
    expect((await c.get(`/Users/${a.id}`)).body.groups).toBeUndefined();
    expect((await c.get(`/Users/${b.id}`)).body.groups).toHaveLength(1);
  });

  it('answers 404 for PATCH on an unknown id', async () => {
    expect(
      (await c.patch('/Users/unknown', patchBody({ op: 'replace', path: 'title', value: 'x' }))).status,
    ).toBe(404);
  });
});
