// RFC 7644 §3.7 Bulk: bulkId references (any order, circular), failOnErrors, string statuses, 413 limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, ERROR_URN, startClient, userBody } from '../helpers';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
let c: Client;
beforeAll(async () => {
  c = await startClient({ bulkMaxOperations: 5, bulkMaxPayloadSize: 4096 });
});
afterAll(() => c.sandbox.close());

describe('§3.7 Bulk', () => {
  it('creates, resolves bulkId:x in data (even when referenced before creation) and answers string statuses', async () => {
    const r = await c.post('/Bulk', {
      schemas: [BULK],
      Operations: [
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'g1',
          data: { displayName: 'Bulk team', members: [{ value: 'bulkId:u1' }] },
        },
        { method: 'POST', path: '/Users', bulkId: 'u1', data: userBody('b1') },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:BulkResponse']);
    expect(r.body.Operations.map((o: { status: string }) => o.status)).toEqual(['201', '201']);
    const [g, u] = r.body.Operations;
    expect(g).toMatchObject({ method: 'POST', bulkId: 'g1' });
    expect(u.location).toMatch(/\/Users\/[0-9a-f-]{36}$/);
    expect(u.version).toMatch(/^W\/"/);
    const group = await c.get(g.location);
    expect(group.body.members[0].value).toBe(u.location.split('/').pop());
  });

  it('resolves circular group references by adding the members afterwards', async () => {
    const r = await c.post('/Bulk', {
      schemas: [BULK],
      Operations: [
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'a',
          data: { displayName: 'Circle A', members: [{ value: 'bulkId:b' }] },
        },
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'b',
          data: { displayName: 'Circle B', members: [{ value: 'bulkId:a' }] },
        },
      ],
    });
    expect(r.body.Operations.map((o: { status: string }) => o.status)).toEqual(['201', '201']);
    const [a, b] = r.body.Operations.map((o: { location: string }) => o.location);
    expect((await c.get(a)).body.members[0].value).toBe(b.split('/').pop());
    expect((await c.get(b)).body.members[0].value).toBe(a.split('/').pop());
  });

  it('runs PUT, PATCH and DELETE, and reports per-operation errors with a response body', async () => {
    const u = (await c.post('/Users', userBody('b2'))).body;
    const r = await c.post('/Bulk', {
      schemas: [BULK],
      Operations: [
        {
          method: 'PATCH',
          path: `/Users/${u.id}`,
          data: { Operations: [{ op: 'replace', path: 'active', value: false }] },
        },
        { method: 'PUT', path: `/Users/${u.id}`, data: userBody('b2', { title: 'T' }) },
        { method: 'POST', path: '/Users', bulkId: 'dup', data: userBody('b2') },
        { method: 'DELETE', path: `/Users/${u.id}` },
        { method: 'DELETE', path: '/Users/missing' },
      ],
    });
    expect(r.body.Operations.map((o: { status: string }) => o.status)).toEqual([
      '200',
      '200',
      '409',
      '204',
      '404',
    ]);
    expect(r.body.Operations[2].response).toMatchObject({
      schemas: [ERROR_URN],
      status: '409',
      scimType: 'uniqueness',
    });
  });

  it('stops after failOnErrors errors', async () => {
    const r = await c.post('/Bulk', {
      schemas: [BULK],
      failOnErrors: 1,
      Operations: [
        { method: 'DELETE', path: '/Users/missing' },
        { method: 'POST', path: '/Users', bulkId: 'never', data: userBody('b3') },
      ],
    });
    expect(r.body.Operations).toHaveLength(1);
    expect(
      (await c.get(`/Users?filter=${encodeURIComponent('userName eq "user.b3@example.com"')}`)).body
        .totalResults,
    ).toBe(0);
  });

  it('checks version (If-Match) per operation and fails unresolvable bulkIds', async () => {
    const u = (await c.post('/Users', userBody('b4'))).body;
    const r = await c.post('/Bulk', {
      schemas: [BULK],
      Operations: [
        { method: 'PUT', path: `/Users/${u.id}`, version: 'W/"stale"', data: userBody('b4') },
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'x',
          data: { displayName: 'X', members: [{ value: 'bulkId:nope' }] },
        },
        { method: 'POST', path: '/Users', data: userBody('b5') },
      ],
    });
    expect(r.body.Operations.map((o: { status: string }) => o.status)).toEqual(['412', '409', '400']);
  });

  it('answers 413 beyond maxOperations and maxPayloadSize', async () => {
    const ops = Array.from({ length: 6 }, (_, i) => ({ method: 'DELETE', path: `/Users/x${i}` }));
    const many = await c.post('/Bulk', { schemas: [BULK], Operations: ops });
    expect(many.status).toBe(413);
    expect(many.body).toMatchObject({ schemas: [ERROR_URN], status: '413' });
    const big = await c.post('/Bulk', {
      schemas: [BULK],
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'big', data: userBody('big', { title: 'x'.repeat(5000) }) },
      ],
    });
    expect(big.status).toBe(413);
    expect(big.body.status).toBe('413');
  });
});
