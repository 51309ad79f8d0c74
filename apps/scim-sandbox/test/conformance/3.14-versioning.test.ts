// RFC 7644 §3.14 versioning: weak ETags in header and meta.version, If-None-Match → 304, If-Match → 412.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, patchBody, startClient, userBody } from '../helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sandbox.close());

describe('§3.14 ETags', () => {
  it('returns the same weak ETag in the header and meta.version, changing on modification only', async () => {
    const u = await c.post('/Users', userBody('e1'));
    expect(u.headers.get('etag')).toMatch(/^W\/".+"$/);
    expect(u.body.meta.version).toBe(u.headers.get('etag'));
    const same = await c.get(`/Users/${u.body.id}`);
    expect(same.headers.get('etag')).toBe(u.headers.get('etag'));
    const noop = await c.patch(
      `/Users/${u.body.id}`,
      patchBody({ op: 'replace', path: 'active', value: true }),
    );
    expect(noop.body.meta.version).toBe(u.body.meta.version);
    const changed = await c.patch(
      `/Users/${u.body.id}`,
      patchBody({ op: 'replace', path: 'title', value: 'New' }),
    );
    expect(changed.body.meta.version).not.toBe(u.body.meta.version);
  });

  it('answers 304 to If-None-Match with the current version, 200 otherwise', async () => {
    const u = await c.post('/Users', userBody('e2'));
    const hit = await c.get(`/Users/${u.body.id}`, { 'if-none-match': u.body.meta.version });
    expect(hit.status).toBe(304);
    expect(hit.body).toBeUndefined();
    expect((await c.get(`/Users/${u.body.id}`, { 'if-none-match': 'W/"old"' })).status).toBe(200);
  });

  it('answers 412 to a mismatching If-Match on PUT, PATCH and DELETE, and proceeds when it matches', async () => {
    const u = await c.post('/Users', userBody('e3'));
    const id = u.body.id;
    const stale = { 'if-match': 'W/"stale"' };
    expect((await c.put(`/Users/${id}`, userBody('e3'), stale)).status).toBe(412);
    const p = await c.patch(`/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'x' }), stale);
    expect(p.status).toBe(412);
    expect(p.body.status).toBe('412');
    expect((await c.del(`/Users/${id}`, stale)).status).toBe(412);
    const ok = await c.patch(`/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'x' }), {
      'if-match': u.body.meta.version,
    });
    expect(ok.status).toBe(200);
    expect((await c.del(`/Users/${id}`, { 'if-match': ok.body.meta.version })).status).toBe(204);
  });

  it("changes a user's version when its group membership changes", async () => {
    const u = await c.post('/Users', userBody('e4'));
    await c.post('/Groups', { displayName: 'E4', members: [{ value: u.body.id }] });
    expect((await c.get(`/Users/${u.body.id}`)).body.meta.version).not.toBe(u.body.meta.version);
  });

  it('omits ETags and ignores If-Match when etag is switched off', async () => {
    const off = await startClient({ features: { etag: false } });
    try {
      const u = await off.post('/Users', userBody('e5'));
      expect(u.headers.get('etag')).toBeNull();
      expect(u.body.meta.version).toBeUndefined();
      const r = await off.put(`/Users/${u.body.id}`, userBody('e5'), { 'if-match': 'W/"whatever"' });
      expect(r.status).toBe(200);
      expect((await off.get('/ServiceProviderConfig')).body.etag.supported).toBe(false);
    } finally {
      await off.sandbox.close();
    }
  });
});
