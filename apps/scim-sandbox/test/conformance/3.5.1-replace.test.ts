// RFC 7644 §3.5.1 PUT: full replacement, readOnly ignored (Okta's GET-then-PUT), uniqueness, 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startClient, userBody } from '../helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sandbox.close());

describe('§3.5.1 replacing with PUT', () => {
  it('replaces the whole resource: omitted attributes are cleared', async () => {
    const u = await c.post('/Users', userBody('a', { title: 'Engineer', nickName: 'Al' }));
    const r = await c.put(`/Users/${u.body.id}`, { userName: 'user.a@example.com', title: 'Manager' });
    expect(r.status).toBe(200);
    expect(r.body.title).toBe('Manager');
    expect(r.body.nickName).toBeUndefined();
    expect(r.body.emails).toBeUndefined();
    expect(r.body.id).toBe(u.body.id);
    expect(r.body.meta.created).toBe(u.body.meta.created);
  });

  it("accepts Okta's GET-then-PUT of the full object including id, meta and groups", async () => {
    const u = await c.post('/Users', userBody('b'));
    const g = await c.post('/Groups', { displayName: 'B team', members: [{ value: u.body.id }] });
    const got = await c.get(`/Users/${u.body.id}`);
    const modified = {
      ...got.body,
      name: { ...got.body.name, givenName: 'Renamed' },
      groups: [],
      meta: { created: 'x' },
    };
    const r = await c.put(`/Users/${u.body.id}`, modified);
    expect(r.status).toBe(200);
    expect(r.body.name.givenName).toBe('Renamed');
    expect(r.body.groups).toEqual([expect.objectContaining({ value: g.body.id })]);
    expect(r.body.meta.created).toBe(got.body.meta.created);
  });

  it('ignores a different id in the body', async () => {
    const u = await c.post('/Users', userBody('c'));
    const r = await c.put(`/Users/${u.body.id}`, { ...userBody('c'), id: 'other' });
    expect(r.body.id).toBe(u.body.id);
  });

  it('gives 409 when renaming onto an existing userName, 404 for an unknown id', async () => {
    await c.post('/Users', userBody('d'));
    const e = await c.post('/Users', userBody('e'));
    const r = await c.put(`/Users/${e.body.id}`, userBody('d', { userName: 'USER.D@example.com' }));
    expect(r.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect((await c.put('/Users/nope', userBody('z'))).status).toBe(404);
  });

  it('keeps the stored password when PUT omits it and deactivates with active false', async () => {
    const u = await c.post('/Users', userBody('f', { password: 'pw-123456' }));
    const r = await c.put(`/Users/${u.body.id}`, { ...userBody('f'), active: false });
    expect(r.body.active).toBe(false);
    expect(r.body.password).toBeUndefined();
    const listed = await c.get(`/Users?filter=${encodeURIComponent('userName eq "user.f@example.com"')}`);
    expect(listed.body.Resources[0].active).toBe(false);
  });

  it('replaces group members with PUT', async () => {
    const a = await c.post('/Users', userBody('g1'));
    const b = await c.post('/Users', userBody('g2'));
    const g = await c.post('/Groups', { displayName: 'G', members: [{ value: a.body.id }] });
    const r = await c.put(`/Groups/${g.body.id}`, { displayName: 'G', members: [{ value: b.body.id }] });
    expect(r.body.members.map((m: { value: string }) => m.value)).toEqual([b.body.id]);
  });
});
