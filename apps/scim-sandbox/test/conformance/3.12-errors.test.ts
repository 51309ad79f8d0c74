// RFC 7644 §3.12 errors: SCIM Error bodies with string status for 401, 404, 400, unknown endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, ERROR_URN, startClient, TOKEN } from '../helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sandbox.close());

describe('§3.12 error handling', () => {
  it('answers 401 with an Error body for a missing or wrong bearer token', async () => {
    for (const headers of [
      { authorization: '' },
      { authorization: 'Bearer wrong-token' },
      { authorization: 'Basic dTpw' },
    ]) {
      const r = await c.get('/Users', headers);
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(r.body).toMatchObject({ schemas: [ERROR_URN], status: '401' });
      expect(r.body.detail).toEqual(expect.any(String));
    }
  });

  it('accepts the bearer scheme case-insensitively', async () => {
    expect((await c.get('/Users', { authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });

  it('answers 404 with an Error body for unknown ids and endpoints', async () => {
    for (const path of ['/Users/00919288221112222', '/Groups/nope', '/NoSuchEndpoint']) {
      const r = await c.get(path);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ schemas: [ERROR_URN], status: '404' });
      expect(r.body.detail).toEqual(expect.any(String));
    }
  });

  it('always uses string status and optional scimType', async () => {
    const r = await c.get(`/Users?filter=${encodeURIComponent('userName xx "a"')}`);
    expect(typeof r.body.status).toBe('string');
    expect(r.body.scimType).toBe('invalidFilter');
    expect(Object.keys(r.body).sort()).toEqual(['detail', 'schemas', 'scimType', 'status']);
  });

  it('answers 501 for /Me', async () => {
    const r = await c.get('/Me');
    expect(r.status).toBe(501);
    expect(r.body.status).toBe('501');
  });
});
