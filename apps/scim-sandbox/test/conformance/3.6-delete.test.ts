// RFC 7644 §3.6 DELETE: 204, then 404; deleted users leave their groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, ERROR_URN, startClient, userBody } from '../helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sandbox.close());

describe('§3.6 deleting', () => {
  it('answers 204 with no body, then GET gives 404 with an Error body', async () => {
    const u = await c.post('/Users', userBody('d1'));
    const r = await c.del(`/Users/${u.body.id}`);
    expect(r.status).toBe(204);
    expect(r.body).toBeUndefined();
    const g = await c.get(`/Users/${u.body.id}`);
    expect(g.status).toBe(404);
    expect(g.body).toMatchObject({ schemas: [ERROR_URN], status: '404' });
    expect((await c.del(`/Users/${u.body.id}`)).status).toBe(404);
  });

  it('removes a deleted user from group members, and deletes groups', async () => {
    const a = await c.post('/Users', userBody('d2'));
    const b = await c.post('/Users', userBody('d3'));
    const g = await c.post('/Groups', {
      displayName: 'Del',
      members: [{ value: a.body.id }, { value: b.body.id }],
    });
    await c.del(`/Users/${a.body.id}`);
    const after = await c.get(`/Groups/${g.body.id}`);
    expect(after.body.members.map((m: { value: string }) => m.value)).toEqual([b.body.id]);
    expect((await c.del(`/Groups/${g.body.id}`)).status).toBe(204);
    expect((await c.get(`/Groups/${g.body.id}`)).status).toBe(404);
    expect((await c.get(`/Users/${b.body.id}`)).body.groups).toBeUndefined();
  });
});
