/** scim.deactivateUser / reactivateUser / deleteUser against the real SCIM sandbox. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { flowOf, startScimEnv, step } from '../../../test/helpers';

let env: Awaited<ReturnType<typeof startScimEnv>>;
beforeAll(async () => {
  env = await startScimEnv();
});
afterAll(() => env.sandbox.close());
beforeEach(() => {
  env.sandbox.store.reset();
  env.reset();
});

const node = (type: string, config: Record<string, unknown>) =>
  flowOf([{ id: 'act', type, config: { connection: 'sandbox', ...config } }]);

describe('scim.deactivateUser', () => {
  it('PATCHes active=false once, then sends nothing on a repeat', async () => {
    const flow = node('scim.deactivateUser', { userName: 'dave.patel@example.com' });
    const first = await env.run(flow);
    expect(step(first, 'act').output).toMatchObject({ found: true, changed: true, user: { active: false } });
    expect(env.writes()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        body: expect.objectContaining({ Operations: [{ op: 'replace', path: 'active', value: false }] }),
      }),
    ]);
    env.reset();
    const second = await env.run(flow);
    expect(step(second, 'act').output).toMatchObject({ found: true, changed: false });
    expect(env.writes()).toEqual([]);
    expect(env.userByName('dave.patel@example.com')!.active).toBe(false);
  });

  it('skips an unknown user with ifNotFound skip, and fails NOT_FOUND by default', async () => {
    const skipped = await env.run(
      node('scim.deactivateUser', { userName: 'ghost@example.com', ifNotFound: 'skip' }),
    );
    expect(step(skipped, 'act').output).toEqual({ found: false, changed: false, user: null });
    const failed = await env.run(node('scim.deactivateUser', { userId: 'no-such-id' }));
    expect(step(failed, 'act').error).toMatchObject({ code: 'NOT_FOUND' });
    expect(env.writes()).toEqual([]);
  });

  it('plans the PATCH in a dry run and writes nothing', async () => {
    const before = env.sandbox.store.snapshot();
    const record = await env.run(
      node('scim.deactivateUser', { userName: 'dave.patel@example.com' }),
      {},
      { dryRun: true },
    );
    expect(step(record, 'act').output).toMatchObject({ planned: true, requests: [{ method: 'PATCH' }] });
    expect(env.sandbox.store.snapshot()).toEqual(before);
  });
});

describe('scim.reactivateUser', () => {
  it('reactivates the seeded inactive user, idempotently', async () => {
    const flow = node('scim.reactivateUser', { userName: 'erin.garcia@example.com' });
    expect(step(await env.run(flow), 'act').output).toMatchObject({ changed: true, user: { active: true } });
    expect(step(await env.run(flow), 'act').output).toMatchObject({ changed: false });
    expect(env.writes()).toHaveLength(1);
  });
});

describe('scim.deleteUser', () => {
  it('deletes, then skips or fails when the user is gone', async () => {
    const flow = node('scim.deleteUser', { userName: 'dave.patel@example.com', ifNotFound: 'skip' });
    expect(step(await env.run(flow), 'act').output).toMatchObject({ found: true, deleted: true });
    expect(env.userByName('dave.patel@example.com')).toBeUndefined();
    expect(step(await env.run(flow), 'act').output).toMatchObject({ found: false, deleted: false });
    const strict = await env.run(node('scim.deleteUser', { userName: 'dave.patel@example.com' }));
    expect(step(strict, 'act').error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('plans the DELETE in a dry run without deleting', async () => {
    const record = await env.run(
      node('scim.deleteUser', { userName: 'bob.smith@example.com' }),
      {},
      { dryRun: true },
    );
    expect(step(record, 'act').output).toMatchObject({ planned: true, requests: [{ method: 'DELETE' }] });
    expect(env.userByName('bob.smith@example.com')).toBeDefined();
  });
});
