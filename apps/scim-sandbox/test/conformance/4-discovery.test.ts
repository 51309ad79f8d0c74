// RFC 7644 §4 discovery: ServiceProviderConfig (feature switches), ResourceTypes, Schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, ENTERPRISE, LIST_URN, startClient, USER_URN } from '../helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient({ bulkMaxOperations: 7, filterMaxResults: 50 });
});
afterAll(() => c.sandbox.close());

const hasNull = (v: unknown): boolean =>
  v === null || (typeof v === 'object' && Object.values(v as object).some(hasNull));

describe('§4 discovery', () => {
  it('serves ServiceProviderConfig as a single object reflecting options', async () => {
    const r = await c.get('/ServiceProviderConfig');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 7, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 50 },
      sort: { supported: true },
      etag: { supported: true },
      changePassword: { supported: false },
    });
    expect(r.body.authenticationSchemes[0].type).toBe('oauthbearertoken');
  });

  it('lists ResourceTypes with the enterprise extension on User', async () => {
    const r = await c.get('/ResourceTypes');
    expect(r.body.schemas).toEqual([LIST_URN]);
    expect(r.body.totalResults).toBe(2);
    const user = r.body.Resources.find((t: { id: string }) => t.id === 'User');
    expect(user).toMatchObject({
      endpoint: '/Users',
      schema: USER_URN,
      schemaExtensions: [{ schema: ENTERPRISE, required: false }],
    });
    expect((await c.get('/ResourceTypes/Group')).body.endpoint).toBe('/Groups');
    expect((await c.get('/ResourceTypes/Nope')).status).toBe(404);
  });

  it('lists Schemas with camelCase characteristics and no nulls', async () => {
    const r = await c.get('/Schemas');
    expect(r.body.Resources.map((s: { id: string }) => s.id).sort()).toEqual(
      ['urn:ietf:params:scim:schemas:core:2.0:Group', USER_URN, ENTERPRISE].sort(),
    );
    expect(hasNull(r.body)).toBe(false);
    const user = (await c.get(`/Schemas/${USER_URN}`)).body;
    const userName = user.attributes.find((a: { name: string }) => a.name === 'userName');
    expect(userName).toMatchObject({
      type: 'string',
      required: true,
      caseExact: false,
      uniqueness: 'server',
      mutability: 'readWrite',
      returned: 'default',
    });
    const groups = user.attributes.find((a: { name: string }) => a.name === 'groups');
    expect(groups.mutability).toBe('readOnly');
  });

  it('answers 403 to a filter on discovery endpoints', async () => {
    expect((await c.get('/Schemas?filter=id%20pr')).status).toBe(403);
  });

  it('reflects switched-off features: PATCH 501, Bulk 501, sort ignored', async () => {
    const off = await startClient({ features: { patch: false, bulk: false, sort: false, etag: false } });
    try {
      const spc = (await off.get('/ServiceProviderConfig')).body;
      expect(spc).toMatchObject({
        patch: { supported: false },
        bulk: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
      });
      const u = await off.post('/Users', { userName: 'b@example.com' });
      await off.post('/Users', { userName: 'a@example.com' });
      const p = await off.patch(`/Users/${u.body.id}`, {
        Operations: [{ op: 'replace', path: 'active', value: false }],
      });
      expect(p.status).toBe(501);
      expect(p.body).toMatchObject({ status: '501' });
      expect((await off.post('/Bulk', { Operations: [] })).status).toBe(501);
      const sorted = await off.get('/Users?sortBy=userName');
      expect(sorted.body.Resources.map((x: { userName: string }) => x.userName)).toEqual([
        'b@example.com',
        'a@example.com',
      ]);
    } finally {
      await off.sandbox.close();
    }
  });
});
