// Replays Okta's and Microsoft Entra's SCIM request sequences (scim-notes §2) against the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, ENTERPRISE, ERROR_URN, LIST_URN, PATCH_OP, q, startClient, USER_URN } from './helpers';

describe('Okta SCIM 2.0 Spec Test steps 1-12 (default seed)', () => {
  let c: Client;
  beforeAll(async () => {
    c = await startClient({ seed: {} });
  });
  afterAll(() => c.sandbox.close());

  const okta = {
    schemas: [USER_URN],
    userName: 'Test.User@okta.local',
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    groups: [],
    password: '1mz050nq',
    active: true,
  };

  it('runs the spec sequence', async () => {
    // 1. GET /Users?count=1&startIndex=1
    const s1 = await c.get('/Users?count=1&startIndex=1', { 'user-agent': 'Okta SCIM Client 1.0.0' });
    expect(s1.status).toBe(200);
    expect(s1.body.schemas).toContain(LIST_URN);
    for (const k of ['itemsPerPage', 'startIndex', 'totalResults']) expect(typeof s1.body[k]).toBe('number');
    const first = s1.body.Resources[0];
    expect(first).toMatchObject({
      id: expect.any(String),
      userName: expect.any(String),
      active: expect.any(Boolean),
    });
    expect(first.name).toMatchObject({ familyName: expect.any(String), givenName: expect.any(String) });
    expect(first.emails[0].value).toEqual(expect.any(String));
    // 2. GET /Users/{id}
    const s2 = await c.get(`/Users/${first.id}`);
    expect(s2.status).toBe(200);
    expect(s2.body.id).toBe(first.id);
    // 3 + 5. filters on userNames that do not exist
    for (const name of ['invalid-user-name@example.invalid', `random-${Date.now()}@example.invalid`]) {
      const r = await c.get(`/Users?filter=${q(`userName eq "${name}"`)}`);
      expect(r.status).toBe(200);
      expect(r.body.schemas).toContain(LIST_URN);
      expect(r.body.totalResults).toBe(0);
    }
    // 4. GET of a non-existent id
    const s4 = await c.get('/Users/010101001010101');
    expect(s4.status).toBe(404);
    expect(s4.body.schemas).toContain(ERROR_URN);
    expect(s4.body.detail).toEqual(expect.any(String));
    // 6. POST a realistic user (application/json)
    const s6 = await c.post('/Users', okta, { 'content-type': 'application/json' });
    expect(s6.status).toBe(201);
    expect(s6.body).toMatchObject({ active: true, userName: okta.userName, name: okta.name });
    expect(s6.body.id).not.toBe('');
    expect(s6.body.schemas).toContain(USER_URN);
    // 7. GET the created user
    expect((await c.get(`/Users/${s6.body.id}`)).body.userName).toBe(okta.userName);
    // 8. re-POST → 409
    expect((await c.post('/Users', okta)).status).toBe(409);
    // 9. username case check
    const s9 = await c.get(`/Users?filter=${q(`userName eq "${okta.userName.toUpperCase()}"`)}`);
    expect(s9.status).toBe(200);
    expect(s9.body.totalResults).toBe(1);
    // 10. GET /Groups
    expect((await c.get('/Groups')).status).toBe(200);
    // 11. bad Authorization header
    const s11 = await c.get('/Users', { authorization: 'Bearer not-the-token' });
    expect(s11.status).toBe(401);
    expect(s11.body).toMatchObject({ schemas: [ERROR_URN], status: '401', detail: expect.any(String) });
    // 12. fixed non-existent id
    const s12 = await c.get('/Users/00919288221112222');
    expect(s12.status).toBe(404);
    expect(s12.body).toMatchObject({ schemas: [ERROR_URN], status: '404', detail: expect.any(String) });
  });

  it('does Okta provisioning: lookup, create, GET-then-PUT update, no-path deactivate, group push', async () => {
    const lookup = await c.get(
      `/Users?filter=${q('userName eq "jane.doe@okta.local"')}&startIndex=1&count=100`,
    );
    expect(lookup.body.totalResults).toBe(0);
    const created = await c.post('/Users', {
      ...okta,
      userName: 'jane.doe@okta.local',
      externalId: 'okta-2',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const got = await c.get(`/Users/${id}`);
    const put = await c.put(`/Users/${id}`, { ...got.body, name: { ...got.body.name, givenName: 'Janet' } });
    expect(put.status).toBe(200);
    expect(put.body.name.givenName).toBe('Janet');
    const deactivate = await c.patch(`/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect([200, 204]).toContain(deactivate.status);
    const listed = await c.get(`/Users?filter=${q('userName eq "jane.doe@okta.local"')}`);
    expect(listed.body.Resources[0].active).toBe(false);

    const group = await c.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Okta Pushed',
      members: [],
    });
    expect(group.status).toBe(201);
    const gid = group.body.id;
    const rename = await c.patch(`/Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', value: { id: gid, displayName: 'Okta Pushed Renamed' } },
        { op: 'add', path: 'members', value: [{ value: id, display: 'jane.doe@okta.local' }] },
      ],
    });
    expect([200, 204]).toContain(rename.status);
    const after = await c.get(`/Groups/${gid}`);
    expect(after.body.displayName).toBe('Okta Pushed Renamed');
    expect(after.body.members.map((m: { value: string }) => m.value)).toEqual([id]);
    await c.patch(`/Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }],
    });
    expect((await c.get(`/Groups/${gid}`)).body.members).toBeUndefined();
    const full = await c.patch(`/Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'members', value: [{ value: id }] }],
    });
    expect(full.status).toBe(204);
    expect((await c.del(`/Groups/${gid}`)).status).toBe(204);
  });
});

describe('Microsoft Entra provisioning', () => {
  let c: Client;
  beforeAll(async () => {
    c = await startClient();
  });
  afterAll(() => c.sandbox.close());

  it('creates with the enterprise extension, matches, and patches the Entra way', async () => {
    const body = {
      schemas: [USER_URN, ENTERPRISE],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      [ENTERPRISE]: { employeeNumber: '1234', department: 'Eng' },
    };
    const created = await c.post('/Users', body);
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body[ENTERPRISE]).toEqual({ employeeNumber: '1234', department: 'Eng' });

    for (const f of [
      `userName eq "${body.userName.toLowerCase()}"`,
      `externalId eq "${body.externalId}"`,
      'emails[type eq "work"].value eq "test_user_fd0ea19b@testuser.com"',
      `${ENTERPRISE}:department eq "eng" and active eq true`,
    ]) {
      const r = await c.get(`/Users?filter=${q(f)}`);
      expect(r.body.totalResults, f).toBe(1);
    }

    const replace = async (...Operations: unknown[]) =>
      c.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations });
    expect(
      (await replace({ op: 'Replace', path: 'name.familyName', value: 'Renamed' })).body.name.familyName,
    ).toBe('Renamed');
    expect(
      (await replace({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@testuser.com' })).body
        .emails[0].value,
    ).toBe('new@testuser.com');
    const disabled = await replace({ op: 'Replace', path: 'active', value: 'False' });
    expect(disabled.body.active).toBe(false);
    const flagged = await replace({
      op: 'replace',
      value: {
        displayName: 'New Display',
        'name.givenName': 'Given2',
        [`${ENTERPRISE}:employeeNumber`]: '5678',
        active: 'True',
      },
    });
    expect(flagged.body).toMatchObject({
      displayName: 'New Display',
      active: true,
      name: { givenName: 'Given2', familyName: 'Renamed' },
    });
    expect(flagged.body[ENTERPRISE].employeeNumber).toBe('5678');
    const added = await replace({
      op: 'Add',
      path: 'phoneNumbers[type eq "mobile"].value',
      value: '+1 555 0199',
    });
    expect(added.body.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0199' }]);
    const version = flagged.body.meta.version;
    const empty = await replace();
    expect(empty.status).toBe(200);
    expect(empty.body.meta.version).not.toBe(version);
    expect((await replace()).body.meta.version).toBe(empty.body.meta.version);

    const disabledList = await c.get(`/Users?filter=${q(`userName eq "${body.userName}"`)}`);
    expect(disabledList.body.Resources[0]).toHaveProperty('active');
    expect((await c.del(`/Users/${id}`)).status).toBe(204);
  });

  it('handles groups: excludedAttributes=members, capitalised Add, legacy Remove with value, 204 replies', async () => {
    const ids: string[] = [];
    for (const n of ['u1091', 'u1092', 'u1093'])
      ids.push((await c.post('/Users', { userName: `${n}@entra.example` })).body.id);
    const g = await c.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      externalId: 'e1',
      displayName: 'Entra Group',
      members: [],
    });
    expect(g.status).toBe(201);
    const gid = g.body.id;
    const add = await c.patch(`/Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: 'members', value: ids.map((value) => ({ $ref: null, value })) }],
    });
    expect(add.status).toBe(204);
    const byName = await c.get(
      `/Groups?excludedAttributes=members&filter=${q('displayName eq "Entra Group"')}`,
    );
    expect(byName.body.totalResults).toBe(1);
    expect(byName.body.Resources[0]).not.toHaveProperty('members');
    const one = await c.get(`/Groups/${gid}?excludedAttributes=members`);
    expect(one.body).not.toHaveProperty('members');
    expect(one.body.displayName).toBe('Entra Group');

    const remove = await c.patch(`/Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: ids[1] }] }],
    });
    expect(remove.status).toBe(204);
    const members = (await c.get(`/Groups/${gid}`)).body.members.map((m: { value: string }) => m.value);
    expect(members).toEqual([ids[0], ids[2]]);
    expect((await c.patch(`/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [] })).status).toBe(204);
    const rename = await c.patch(`/Groups/${gid}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'displayName', value: 'Entra Group 2' }],
    });
    expect(rename.status).toBe(204);
    expect((await c.get(`/Groups/${gid}`)).body.displayName).toBe('Entra Group 2');
  });
});
