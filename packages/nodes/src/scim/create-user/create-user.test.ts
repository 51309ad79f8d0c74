/** scim.createUser against the real SCIM sandbox: creation, each onConflict on a 409, and a dry run. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { flowOf, startScimEnv, step } from '../../../test/helpers';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let env: Awaited<ReturnType<typeof startScimEnv>>;
beforeAll(async () => {
  env = await startScimEnv();
});
afterAll(() => env.sandbox.close());
beforeEach(() => {
  env.sandbox.store.reset();
  env.reset();
});

const create = (user: Record<string, unknown>, onConflict?: string) =>
  flowOf([
    {
      id: 'create',
      type: 'scim.createUser',
      config: { connection: 'sandbox', user, ...(onConflict ? { onConflict } : {}) },
    },
  ]);

describe('scim.createUser', () => {
  it('creates a user with core and enterprise attributes, resolving the manager by userName', async () => {
    const record = await env.run(
      create({
        userName: '=trigger.email',
        givenName: 'Fay',
        familyName: 'Lee',
        emails: [{ value: '=trigger.email', type: 'work', primary: true }],
        department: 'Engineering',
        manager: { userName: 'alice.johnson@example.com' },
        extra: { locale: 'fr-FR' },
      }),
      { email: 'fay.lee@example.com' },
    );
    expect(record.status).toBe('succeeded');
    expect(step(record, 'create').output).toMatchObject({
      created: true,
      user: { userName: 'fay.lee@example.com' },
    });
    const stored = env.userByName('fay.lee@example.com')!;
    const alice = env.userByName('alice.johnson@example.com')!;
    expect(stored).toMatchObject({
      active: true,
      locale: 'fr-FR',
      name: { givenName: 'Fay', familyName: 'Lee' },
    });
    expect(stored[ENT]).toMatchObject({ department: 'Engineering', manager: { value: alice.id } });
  });

  it('fails with SCIM_CONFLICT on 409 when onConflict is fail', async () => {
    const record = await env.run(create({ userName: 'bob.smith@example.com' }));
    expect(step(record, 'create').error).toMatchObject({
      code: 'SCIM_CONFLICT',
      details: { status: 409, scimType: 'uniqueness' },
    });
  });

  it('returns the existing user unchanged with returnExisting', async () => {
    const before = env.userByName('bob.smith@example.com');
    const record = await env.run(
      create({ userName: 'bob.smith@example.com', title: 'CEO' }, 'returnExisting'),
    );
    expect(step(record, 'create').output).toMatchObject({
      created: false,
      changed: [],
      user: { id: before!.id },
    });
    expect(env.writes().map((r) => r.method)).toEqual(['POST']);
    expect(env.userByName('bob.smith@example.com')).toEqual(before);
  });

  it('updates only the changed attributes of the existing user with update', async () => {
    const record = await env.run(
      create(
        { userName: 'bob.smith@example.com', title: 'CEO', givenName: 'Bob', department: 'Sales' },
        'update',
      ),
    );
    expect(step(record, 'create').output).toMatchObject({
      created: false,
      changed: ['title'],
      user: { title: 'CEO' },
    });
    const patch = env.writes().find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'title', value: 'CEO' }],
    });
  });

  it('plans the POST (or the 409 then PATCH) in a dry run and writes nothing', async () => {
    const before = env.sandbox.store.snapshot();
    const fresh = await env.run(create({ userName: 'new.person@example.com' }), {}, { dryRun: true });
    expect(step(fresh, 'create').output).toMatchObject({
      planned: true,
      outcome: 'create',
      requests: [
        { method: 'POST', path: '/Users', body: { userName: 'new.person@example.com', active: true } },
      ],
    });
    const existing = await env.run(
      create({ userName: 'bob.smith@example.com', title: 'CEO' }, 'update'),
      {},
      { dryRun: true },
    );
    expect(step(existing, 'create').output).toMatchObject({
      outcome: 'update',
      changed: ['title'],
      requests: [{ method: 'POST', expectedStatus: 409 }, { method: 'PATCH' }],
    });
    expect(env.writes()).toEqual([]);
    expect(env.sandbox.store.snapshot()).toEqual(before);
  });
});
