// RFC 7644 §3.4.2 query: filters over HTTP, sorting, index pagination (count=0, itemsPerPage), projection, /.search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, ENTERPRISE, LIST_URN, q, startClient, USER_URN, userBody } from '../helpers';

let c: Client;
const ids: string[] = [];
beforeAll(async () => {
  c = await startClient();
  const people = [
    ['carol', 'Engineering', true],
    ['alice', 'Sales', true],
    ['bob', 'Engineering', false],
  ] as const;
  for (const [n, dept, active] of people) {
    const r = await c.post('/Users', {
      ...userBody(n, { active, displayName: n.toUpperCase() }),
      schemas: [USER_URN, ENTERPRISE],
      [ENTERPRISE]: { department: dept },
      emails: [
        { value: `${n}@work.example.com`, type: 'work' },
        { value: `${n}@home.example.com`, type: 'home' },
      ],
    });
    ids.push(r.body.id);
  }
  await c.post('/Groups', { displayName: 'Engineering', members: [{ value: ids[0] }, { value: ids[2] }] });
});
afterAll(() => c.sandbox.close());

const names = (body: { Resources: Array<{ userName: string }> }) => body.Resources.map((r) => r.userName);

describe('§3.4.2.2 filtering', () => {
  it('compares userName case-insensitively and accepts case-insensitive attribute names and operators', async () => {
    const r = await c.get(`/Users?filter=${q('USERNAME Eq "USER.ALICE@EXAMPLE.COM"')}`);
    expect(r.status).toBe(200);
    expect(names(r.body)).toEqual(['user.alice@example.com']);
  });

  it('returns 200 with totalResults 0 (not 404) when nothing matches', async () => {
    const r = await c.get(`/Users?filter=${q('userName eq "nobody@example.com"')}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ schemas: [LIST_URN], totalResults: 0, itemsPerPage: 0, Resources: [] });
  });

  it('filters on the enterprise extension by URN-qualified path', async () => {
    const r = await c.get(`/Users?filter=${q(`${ENTERPRISE}:department eq "engineering"`)}`);
    expect(names(r.body).sort()).toEqual(['user.bob@example.com', 'user.carol@example.com']);
  });

  it('matches Entra\'s emails[type eq "work"].value eq within one element', async () => {
    const work = await c.get(
      `/Users?filter=${q('emails[type eq "work"].value eq "alice@work.example.com"')}`,
    );
    expect(names(work.body)).toEqual(['user.alice@example.com']);
    const cross = await c.get(
      `/Users?filter=${q('emails[type eq "work"].value eq "alice@home.example.com"')}`,
    );
    expect(cross.body.totalResults).toBe(0);
  });

  it('supports valuePath with and, not(), or and precedence', async () => {
    const vp = await c.get(`/Users?filter=${q('emails[type eq "home" and value co "BOB"]')}`);
    expect(names(vp.body)).toEqual(['user.bob@example.com']);
    const r = await c.get(
      `/Users?filter=${q('userName sw "user.a" or userName sw "user.b" and active eq true')}`,
    );
    expect(names(r.body)).toEqual(['user.alice@example.com']);
    const n = await c.get(`/Users?filter=${q('not (active eq true)')}`);
    expect(names(n.body)).toEqual(['user.bob@example.com']);
  });

  it('keeps deactivated users listed and filterable', async () => {
    const r = await c.get(`/Users?filter=${q('active eq false')}`);
    expect(r.body.Resources).toHaveLength(1);
    expect(r.body.Resources[0].active).toBe(false);
  });

  it('filters on the computed groups attribute and on meta dates', async () => {
    const r = await c.get(`/Users?filter=${q('groups.display eq "engineering"')}`);
    expect(names(r.body).sort()).toEqual(['user.bob@example.com', 'user.carol@example.com']);
    const m = await c.get(`/Users?filter=${q('meta.created gt "2000-01-01T00:00:00Z"')}`);
    expect(m.body.totalResults).toBe(3);
  });

  it('answers 400 invalidFilter for bad syntax and for gt on a boolean', async () => {
    for (const bad of [
      'userName eq',
      'userName zz "a"',
      '(userName eq "a"',
      'userName eq "unterminated',
      'active gt true',
    ]) {
      const r = await c.get(`/Users?filter=${q(bad)}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.scimType, bad).toBe('invalidFilter');
    }
  });
});

describe('§3.4.2.3 sorting', () => {
  it('sorts by userName ascending and descending', async () => {
    const asc = await c.get('/Users?sortBy=userName');
    expect(names(asc.body)).toEqual([
      'user.alice@example.com',
      'user.bob@example.com',
      'user.carol@example.com',
    ]);
    const desc = await c.get('/Users?sortBy=userName&sortOrder=descending');
    expect(names(desc.body)).toEqual([
      'user.carol@example.com',
      'user.bob@example.com',
      'user.alice@example.com',
    ]);
  });

  it('keeps creation order without sortBy (stable across pages)', async () => {
    const r = await c.get('/Users');
    expect(r.body.Resources.map((u: { id: string }) => u.id)).toEqual(ids);
  });
});

describe('§3.4.2.4 pagination', () => {
  it('pages with 1-based startIndex and reports itemsPerPage as the number returned', async () => {
    const r = await c.get('/Users?startIndex=2&count=1');
    expect(r.body).toMatchObject({ totalResults: 3, itemsPerPage: 1, startIndex: 2 });
    expect(r.body.Resources.map((u: { id: string }) => u.id)).toEqual([ids[1]]);
    const last = await c.get('/Users?startIndex=3&count=10');
    expect(last.body).toMatchObject({ totalResults: 3, itemsPerPage: 1, startIndex: 3 });
    const beyond = await c.get('/Users?startIndex=9&count=10');
    expect(beyond.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
  });

  it('returns only totalResults for count=0, and treats negative count as 0 and startIndex<1 as 1', async () => {
    const zero = await c.get('/Users?count=0');
    expect(zero.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, startIndex: 1, Resources: [] });
    const neg = await c.get('/Users?count=-5&startIndex=-3');
    expect(neg.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, startIndex: 1 });
  });

  it('uses JSON integers, and rejects a non-integer startIndex', async () => {
    const r = await c.get('/Users?count=2&startIndex=1');
    for (const k of ['totalResults', 'itemsPerPage', 'startIndex'])
      expect(Number.isInteger(r.body[k])).toBe(true);
    expect((await c.get('/Users?startIndex=abc')).body).toMatchObject({
      status: '400',
      scimType: 'invalidValue',
    });
  });

  it('caps a page at filterMaxResults', async () => {
    const small = await startClient({ filterMaxResults: 2, seed: { groups: [] } });
    try {
      const r = await small.get('/Users?count=100');
      expect(r.body.itemsPerPage).toBe(2);
      expect(r.body.totalResults).toBe(5);
    } finally {
      await small.sandbox.close();
    }
  });
});

describe('§3.4.2.5 projection and §3.4.3 POST .search', () => {
  it('returns only requested attributes plus id and schemas', async () => {
    const r = await c.get(`/Users?attributes=userName,name.givenName,${ENTERPRISE}:department&count=1`);
    expect(r.body.Resources[0]).toEqual({
      schemas: [USER_URN, ENTERPRISE],
      id: ids[0],
      userName: 'user.carol@example.com',
      name: { givenName: 'Givencarol' },
      [ENTERPRISE]: { department: 'Engineering' },
    });
  });

  it('drops excludedAttributes but never id', async () => {
    const r = await c.get('/Users?excludedAttributes=emails,id,meta,name.familyName&count=1');
    const u = r.body.Resources[0];
    expect(u.id).toBe(ids[0]);
    expect(u.emails).toBeUndefined();
    expect(u.meta).toBeUndefined();
    expect(u.name).toEqual({ givenName: 'Givencarol' });
  });

  it('supports POST /Users/.search and POST /.search across types', async () => {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName eq "user.bob@example.com"',
      attributes: ['userName'],
      startIndex: 1,
      count: 5,
    };
    const r = await c.post('/Users/.search', body);
    expect(r.status).toBe(200);
    expect(r.body.Resources).toEqual([
      { schemas: [USER_URN, ENTERPRISE], id: ids[2], userName: 'user.bob@example.com' },
    ]);
    const all = await c.post('/.search', {
      filter: 'displayName eq "Engineering" or userName eq "user.alice@example.com"',
    });
    expect(all.body.totalResults).toBe(2);
  });

  it('supports filters and excludedAttributes=members on /Groups', async () => {
    const r = await c.get(`/Groups?excludedAttributes=members&filter=${q('displayName eq "engineering"')}`);
    expect(r.body.totalResults).toBe(1);
    expect(r.body.Resources[0].members).toBeUndefined();
    const m = await c.get(`/Groups?filter=${q(`members[value eq "${ids[0]}"]`)}`);
    expect(m.body.totalResults).toBe(1);
  });
});
