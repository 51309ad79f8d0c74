// RFC 7644 §3.3 create: 201, Location + meta.location, 409 uniqueness, readOnly ignored, media types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, ENTERPRISE, ERROR_URN, startClient, USER_URN, userBody } from '../helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sandbox.close());

describe('§3.3 creating resources', () => {
  it('answers 201 with Location equal to meta.location, a UUID id and the echoed attributes', async () => {
    const r = await c.post('/Users', userBody('1'));
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(r.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.headers.get('location')).toBe(`${c.sandbox.url}/Users/${r.body.id}`);
    expect(r.body.meta.location).toBe(r.headers.get('location'));
    expect(r.body.meta.resourceType).toBe('User');
    expect(r.body.schemas).toEqual([USER_URN]);
    expect(r.body.name).toEqual({ givenName: 'Given1', familyName: 'Family1' });
    expect(r.body.active).toBe(true);
  });

  it('gives 409 uniqueness for the same userName in any case', async () => {
    const r = await c.post('/Users', userBody('1', { userName: 'USER.1@EXAMPLE.COM' }));
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ schemas: [ERROR_URN], status: '409', scimType: 'uniqueness' });
  });

  it('gives 409 uniqueness for a duplicate group displayName', async () => {
    expect((await c.post('/Groups', { displayName: 'Ops' })).status).toBe(201);
    const r = await c.post('/Groups', { displayName: 'ops' });
    expect(r.status).toBe(409);
    expect(r.body.scimType).toBe('uniqueness');
  });

  it('ignores readOnly id, meta and groups, and never returns password', async () => {
    const r = await c.post(
      '/Users',
      userBody('2', {
        id: 'chosen',
        meta: { created: '2000-01-01T00:00:00Z' },
        groups: [{ value: 'x' }],
        password: 's3cret!',
      }),
    );
    expect(r.status).toBe(201);
    expect(r.body.id).not.toBe('chosen');
    expect(r.body.meta.created).not.toBe('2000-01-01T00:00:00Z');
    expect(r.body.groups).toBeUndefined();
    expect(r.body.password).toBeUndefined();
    expect(JSON.stringify(c.sandbox.store.snapshot())).not.toContain('s3cret!');
  });

  it('stores the enterprise extension and lists its URN in schemas', async () => {
    const r = await c.post(
      '/Users',
      userBody('3', { schemas: [USER_URN, ENTERPRISE], [ENTERPRISE]: { department: 'Eng' } }),
    );
    expect(r.body.schemas).toEqual([USER_URN, ENTERPRISE]);
    expect(r.body[ENTERPRISE]).toEqual({ department: 'Eng' });
  });

  it('accepts application/json requests and answers application/scim+json', async () => {
    const r = await c.post('/Users', userBody('4'), { 'content-type': 'application/json' });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  });

  it('requires userName (400 invalidValue) and rejects non-object bodies (400 invalidSyntax)', async () => {
    expect((await c.post('/Users', { name: { givenName: 'x' } })).body).toMatchObject({
      status: '400',
      scimType: 'invalidValue',
    });
    expect((await c.post('/Users', '[1,2]')).body).toMatchObject({
      status: '400',
      scimType: 'invalidSyntax',
    });
    expect((await c.post('/Users', '{bad json')).body).toMatchObject({
      status: '400',
      scimType: 'invalidSyntax',
    });
  });

  it('rejects a wrong type (400 invalidValue) but coerces "True" for booleans', async () => {
    expect((await c.post('/Users', userBody('5', { active: 'maybe' }))).body.scimType).toBe('invalidValue');
    const r = await c.post('/Users', userBody('6', { active: 'False' }));
    expect(r.body.active).toBe(false);
  });

  it('applies attributes projection to the POST response', async () => {
    const r = await c.post('/Users?attributes=userName', userBody('7'));
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(['id', 'schemas', 'userName']);
  });

  it("creates a group with members and computes the users' groups attribute", async () => {
    const u = await c.post('/Users', userBody('8'));
    const g = await c.post('/Groups', {
      displayName: 'Team 8',
      members: [{ value: u.body.id, display: 'ignored' }],
    });
    expect(g.status).toBe(201);
    expect(g.body.members).toEqual([
      {
        value: u.body.id,
        $ref: `${c.sandbox.url}/Users/${u.body.id}`,
        type: 'User',
        display: 'user.8@example.com',
      },
    ]);
    const again = await c.get(`/Users/${u.body.id}`);
    expect(again.body.groups).toEqual([
      { value: g.body.id, $ref: `${c.sandbox.url}/Groups/${g.body.id}`, display: 'Team 8', type: 'direct' },
    ]);
  });

  it('rejects members that do not exist', async () => {
    const r = await c.post('/Groups', { displayName: 'Ghosts', members: [{ value: 'no-such-id' }] });
    expect(r.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });
});
