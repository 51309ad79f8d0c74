// SandboxStore API, lowdb persistence across restarts, the default seed and the demo HR feed endpoints.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxApp, startSandbox } from '../src/index';
import { ENTERPRISE, q, startClient, TOKEN, userBody } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'scim-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SandboxStore', () => {
  it('seeds the default demo data: users, a deactivated user, Engineering and Sales groups', () => {
    const { store } = createSandboxApp({ token: TOKEN });
    const users = store.listUsers();
    expect(users.map((u) => u.userName)).toContain('alice.johnson@example.com');
    expect(users.some((u) => u.active === false)).toBe(true);
    expect(store.listGroups().map((g) => g.displayName)).toEqual(['Engineering', 'Sales']);
    const alice = users.find((u) => u.userName === 'alice.johnson@example.com');
    expect(store.getUser(String(alice?.id))?.groups).toEqual([
      expect.objectContaining({ display: 'Engineering' }),
    ]);
    expect(alice?.[ENTERPRISE]).toMatchObject({ employeeNumber: 'E1001', department: 'Engineering' });
  });

  it('seeds, clears and resets synchronously; custom seeds may carry ids and name members by userName', () => {
    const { store } = createSandboxApp({
      token: TOKEN,
      seed: {
        users: [{ id: 'u-1', userName: 'one@example.com' }],
        groups: [{ displayName: 'G', members: [{ value: 'ONE@example.com' }] }],
      },
    });
    expect(store.getUser('u-1')?.groups).toHaveLength(1);
    const added = store.seed({ users: [{ userName: 'two@example.com' }] });
    expect(added.users[0]?.id).toEqual(expect.any(String));
    expect(store.snapshot().users).toHaveLength(2);
    store.clear();
    expect(store.snapshot()).toEqual({ users: [], groups: [] });
    store.reset();
    expect(store.listUsers().map((u) => u.id)).toEqual(['u-1']);
    expect(() => store.seed({ users: [{ userName: 'ONE@example.com' }] })).toThrow(/already in use/);
  });

  it('persists to the lowdb file after each mutation and reloads it on restart', async () => {
    const dataFile = join(dir, 'nested', 'scim.json');
    const first = await startClient({ dataFile, seed: { users: [], groups: [] } });
    const u = await first.post('/Users', userBody('persist', { password: 'hunter2-pw' }));
    await first.patch(`/Users/${u.body.id}`, {
      Operations: [{ op: 'replace', path: 'title', value: 'Saved' }],
    });
    await first.sandbox.close();
    const onDisk = JSON.parse(readFileSync(dataFile, 'utf8'));
    expect(onDisk.users).toHaveLength(1);
    expect(onDisk.users[0].title).toBe('Saved');

    const second = await startClient({ dataFile });
    try {
      const again = await second.get(`/Users/${u.body.id}`);
      expect(again.status).toBe(200);
      expect(again.body.title).toBe('Saved');
      expect(second.sandbox.store.listUsers()).toHaveLength(1);
    } finally {
      await second.sandbox.close();
    }
  });

  it('startSandbox binds 127.0.0.1 on a random port and reports url/origin', async () => {
    const s = await startSandbox({ token: TOKEN, port: 0 });
    try {
      expect(s.url).toBe(`http://127.0.0.1:${s.port}/scim/v2`);
      expect(s.origin).toBe(`http://127.0.0.1:${s.port}`);
      expect(s.store.listUsers()[0]?.meta).toMatchObject({ location: expect.stringContaining(s.url) });
    } finally {
      await s.close();
    }
  });
});

describe('HR feed', () => {
  it('serves hires and terminations without a token; terminations refer to seeded users', async () => {
    const c = await startClient({ seed: {} });
    try {
      const hires = await fetch(`${c.sandbox.origin}/hr/hires`);
      expect(hires.status).toBe(200);
      const { events } = (await hires.json()) as { events: Array<Record<string, string>> };
      expect(events.length).toBeGreaterThan(0);
      expect(events[0]).toMatchObject({
        type: 'hire',
        employeeId: expect.any(String),
        email: expect.stringContaining('@'),
        givenName: expect.any(String),
        familyName: expect.any(String),
        title: expect.any(String),
        department: expect.any(String),
        managerEmail: expect.any(String),
        phone: expect.any(String),
      });
      const terms = (await (await fetch(`${c.sandbox.origin}/hr/terminations`)).json()) as {
        events: Array<{ email: string }>;
      };
      for (const t of terms.events) {
        const found = await c.get(`/Users?filter=${q(`userName eq "${t.email}"`)}`);
        expect(found.body.totalResults, t.email).toBe(1);
      }
      const wrong = await fetch(`${c.sandbox.origin}/hr/hires`, {
        headers: { authorization: 'Bearer wrong' },
      });
      expect(wrong.status).toBe(401);
    } finally {
      await c.sandbox.close();
    }
  });

  it('lets PUT (token required) replace the feed, validating the events', async () => {
    const c = await startClient();
    try {
      const url = `${c.sandbox.origin}/hr/terminations`;
      const body = JSON.stringify({ events: [{ employeeId: 'E9', email: 'gone@example.com' }] });
      const json = { 'content-type': 'application/json' };
      expect((await fetch(url, { method: 'PUT', headers: json, body })).status).toBe(401);
      const put = await fetch(url, {
        method: 'PUT',
        headers: { ...json, authorization: `Bearer ${TOKEN}` },
        body,
      });
      expect(put.status).toBe(200);
      const got = (await (await fetch(url)).json()) as { events: Array<Record<string, string>> };
      expect(got.events).toEqual([
        { employeeId: 'E9', email: 'gone@example.com', type: 'termination', eventId: expect.any(String) },
      ]);
      const bad = await fetch(`${c.sandbox.origin}/hr/hires`, {
        method: 'PUT',
        headers: { ...json, authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ events: [{ email: 'not-an-email' }] }),
      });
      expect(bad.status).toBe(400);
    } finally {
      await c.sandbox.close();
    }
  });
});
