// 250 users paged through users.iterate, and filters built from hostile values matching only the intended user.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { f, ScimError, type ScimUser, scimFilter } from '../../../packages/scim/src/index';
import {
  type RecordingProxy,
  type SandboxHarness,
  startProxy,
  startSandboxHarness,
} from '../../support/scim';

let h: SandboxHarness;
let proxy: RecordingProxy;

beforeAll(async () => {
  // A small server-side page cap, to check the client advances by what it got rather than what it asked for.
  h = await startSandboxHarness({ filterMaxResults: 60 });
  proxy = await startProxy(h.sandbox.origin);
});
afterAll(async () => {
  await proxy?.close();
  await h?.close();
});
beforeEach(() => {
  h.sandbox.store.clear();
  h.calls.length = 0;
  proxy.requests.length = 0;
});

const viaProxy = () => h.newClient({ baseUrl: `${proxy.origin}/scim/v2` });
const pad = (i: number) => String(i).padStart(3, '0');

describe('pagination: 250 users', () => {
  beforeEach(() => {
    h.sandbox.store.seed({
      users: Array.from({ length: 250 }, (_, i) => ({ userName: `page-${pad(i)}@example.com` })),
    });
  });

  it('iterate yields all 250 once, in order, asking for pages of the given size', async () => {
    const client = viaProxy();
    const seen: ScimUser[] = [];
    for await (const u of client.users.iterate({ pageSize: 37 })) seen.push(u);
    expect(seen).toHaveLength(250);
    expect(new Set(seen.map((u) => u.id)).size).toBe(250);
    expect(seen.map((u) => u.userName)).toEqual(
      Array.from({ length: 250 }, (_, i) => `page-${pad(i)}@example.com`),
    );
    const lists = proxy.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/scim/v2/Users?'));
    const params = lists.map((r) => new URL(r.url, proxy.origin).searchParams);
    expect(params.map((p) => p.get('count'))).toEqual(Array(7).fill('37'));
    expect(params.map((p) => Number(p.get('startIndex')))).toEqual([1, 38, 75, 112, 149, 186, 223]);
  });

  it('each page holds at most pageSize items (itemsPerPage honoured)', async () => {
    let start = 1;
    const sizes: number[] = [];
    for (;;) {
      const page = await h.client.users.list({ startIndex: start, count: 37 });
      expect(page.totalResults).toBe(250);
      expect(page.itemsPerPage).toBe(page.resources.length);
      if (page.resources.length === 0) break;
      sizes.push(page.resources.length);
      start += page.resources.length;
    }
    expect(sizes).toEqual([37, 37, 37, 37, 37, 37, 28]);
  });

  it('advances by the resources returned when the server caps the page below pageSize', async () => {
    const ids = new Set<string>();
    for await (const u of h.client.users.iterate({ pageSize: 100 })) ids.add(u.id!);
    expect(ids.size).toBe(250);
    // 60 + 60 + 60 + 60 + 10
    expect(h.calls.filter((c) => c.operation === 'users.list')).toHaveLength(5);
  });

  it('pages a filtered subset', async () => {
    const names: string[] = [];
    for await (const u of h.client.users.iterate({ filter: f.sw('userName', 'page-1'), pageSize: 30 })) {
      names.push(u.userName!);
    }
    expect(names).toHaveLength(100);
    expect(names[0]).toBe('page-100@example.com');
    expect(names[99]).toBe('page-199@example.com');
  });
});

describe('filters with hostile values', () => {
  const hostile = [
    'a" or userName pr or "',
    'b" or userName pr or userName eq "c',
    'back\\slash\\" or userName pr or "\\',
    'paren) or (userName pr',
    'ünïcødé-名前-😀" or title eq "x',
    'tab\tnew\nline"',
  ];

  beforeEach(() => {
    h.sandbox.store.seed({
      users: [
        ...hostile.map((userName, i) => ({ userName, title: `hostile-${i}` })),
        // Matched by any of the injections above, if one got through.
        { userName: 'a', title: 'bystander' },
        { userName: 'c', title: 'bystander' },
        { userName: 'victim@example.com', title: 'x' },
      ],
    });
  });

  it('stores the hostile userNames literally', () => {
    const names = h.sandbox.store.listUsers().map((u) => u.userName);
    for (const v of hostile) expect(names).toContain(v);
  });

  it('the unescaped text really would be an injection (control)', async () => {
    const raw = `userName eq "${hostile[1]}"`;
    const r = await h.client.users.list({ filter: raw });
    expect(r.totalResults).toBe(9);
  });

  for (const [i, value] of hostile.entries()) {
    it(`f.eq matches only the user named ${JSON.stringify(value)}`, async () => {
      const r = await h.client.users.list({ filter: f.eq('userName', value) });
      expect(r.resources.map((u) => u.title)).toEqual([`hostile-${i}`]);
      expect(r.resources[0]?.userName).toBe(value);
      expect(r.totalResults).toBe(1);
    });
  }

  it('compound filters and the scimFilter template keep values literal too', async () => {
    const value = hostile[0]!;
    const anded = await h.client.users.list({ filter: f.and(f.eq('userName', value), f.pr('title')) });
    expect(anded.resources.map((u) => u.title)).toEqual(['hostile-0']);
    const ored = await h.client.users.list({
      filter: f.or(f.eq('userName', value), f.eq('userName', hostile[3]!)),
      sortBy: 'title',
    });
    expect(ored.resources.map((u) => u.title)).toEqual(['hostile-0', 'hostile-3']);
    const templ = await h.client.users.list({
      filter: scimFilter`userName eq ${value} and title eq ${'hostile-0'}`,
    });
    expect(templ.resources.map((u) => u.title)).toEqual(['hostile-0']);
    // Both hostile-0 and hostile-2 literally contain this text; nobody else does.
    const co = await h.client.users.list({
      filter: f.co('userName', '" or userName pr or "'),
      sortBy: 'title',
    });
    expect(co.resources.map((u) => u.title)).toEqual(['hostile-0', 'hostile-2']);
  });

  it('a hostile value through iterate and getOrNull-style lookups still finds one user', async () => {
    const found: string[] = [];
    for await (const u of h.client.users.iterate({ filter: f.eq('userName', hostile[2]!), pageSize: 1 })) {
      found.push(u.title!);
    }
    expect(found).toEqual(['hostile-2']);
  });

  it('the filter travels URL-encoded (no raw quotes, spaces or backslashes in the query)', async () => {
    await viaProxy().users.list({ filter: f.eq('userName', hostile[2]!) });
    const url = proxy.requests.find((r) => r.url.startsWith('/scim/v2/Users?'))?.url ?? '';
    const query = url.slice(url.indexOf('?') + 1);
    expect(query).not.toMatch(/["\s\\]/);
    expect(new URLSearchParams(query).get('filter')).toBe(`userName eq ${JSON.stringify(hostile[2])}`);
  });

  it('a hostile attribute name is refused before any request', async () => {
    expect(() => f.eq('userName pr or userName', 'x')).toThrow(/attribute|path/i);
    await expect(h.client.users.list({ sortBy: 'userName desc' })).rejects.toMatchObject({
      code: 'SCIM_INVALID_ARGUMENT',
    });
    expect(h.calls).toHaveLength(0);
  });

  it('an invalid raw filter is a 400 invalidFilter', async () => {
    const err = await h.client.users.list({ filter: 'userName eq "unterminated' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScimError);
    expect(err).toMatchObject({ status: 400, scimType: 'invalidFilter' });
  });
});
