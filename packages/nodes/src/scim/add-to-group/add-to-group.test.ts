/** Group nodes against the real SCIM sandbox: find, add/remove idempotently, remove from all, dry runs. */
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
  flowOf([{ id: 'g', type, config: { connection: 'sandbox', ...config } }]);
const memberIds = (name: string) =>
  ((env.groupByName(name)?.members as Array<{ value: string }> | undefined) ?? []).map((m) => m.value);

describe('scim.findGroup', () => {
  it('finds by displayName without members, and reports a missing group', async () => {
    const found = await env.run(node('scim.findGroup', { groupName: 'Engineering' }));
    const output = step(found, 'g').output as { found: boolean; group: Record<string, unknown> };
    expect(output).toMatchObject({ found: true, group: { displayName: 'Engineering' } });
    expect(output.group.members).toBeUndefined();
    const missing = await env.run(node('scim.findGroup', { groupName: 'Nope' }));
    expect(step(missing, 'g').output).toEqual({ found: false, group: null });
  });
});

describe('scim.addToGroup and scim.removeFromGroup', () => {
  it('adds once, then sends nothing on a repeat', async () => {
    const bob = env.userByName('bob.smith@example.com')!;
    const flow = node('scim.addToGroup', { groupName: 'Engineering', userName: 'bob.smith@example.com' });
    expect(step(await env.run(flow), 'g').output).toMatchObject({ changed: true, userId: bob.id });
    expect(memberIds('Engineering')).toContain(bob.id);
    expect(env.writes()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        body: expect.objectContaining({
          Operations: [{ op: 'add', path: 'members', value: [{ value: bob.id }] }],
        }),
      }),
    ]);
    env.reset();
    expect(step(await env.run(flow), 'g').output).toMatchObject({ changed: false });
    expect(env.writes()).toEqual([]);
  });

  it('removes with a members[value eq] path, then sends nothing on a repeat', async () => {
    const alice = env.userByName('alice.johnson@example.com')!;
    const group = env.groupByName('Engineering')!;
    const flow = node('scim.removeFromGroup', { groupId: group.id, userId: alice.id });
    expect(step(await env.run(flow), 'g').output).toMatchObject({ changed: true });
    expect(memberIds('Engineering')).not.toContain(alice.id);
    expect(memberIds('Engineering')).toHaveLength(1);
    expect(env.writes()[0]?.body).toMatchObject({
      Operations: [{ op: 'remove', path: `members[value eq "${alice.id}"]` }],
    });
    env.reset();
    expect(step(await env.run(flow), 'g').output).toMatchObject({ changed: false });
    expect(env.writes()).toEqual([]);
  });

  it('fails NOT_FOUND for an unknown group', async () => {
    const record = await env.run(
      node('scim.addToGroup', { groupName: 'Nope', userName: 'bob.smith@example.com' }),
    );
    expect(step(record, 'g').error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('plans the PATCH in a dry run and writes nothing', async () => {
    const before = env.sandbox.store.snapshot();
    const record = await env.run(
      node('scim.addToGroup', { groupName: 'Sales', userName: 'carol.nguyen@example.com' }),
      {},
      { dryRun: true },
    );
    expect(step(record, 'g').output).toMatchObject({
      planned: true,
      changed: true,
      requests: [{ method: 'PATCH' }],
    });
    expect(env.sandbox.store.snapshot()).toEqual(before);
  });
});

describe('scim.removeFromAllGroups', () => {
  it('removes the user from every group it belongs to, and nothing else', async () => {
    const alice = env.userByName('alice.johnson@example.com')!;
    await env.run(node('scim.addToGroup', { groupName: 'Sales', userId: alice.id }));
    env.reset();
    const before = env.sandbox.store.snapshot();
    const planned = await env.run(
      node('scim.removeFromAllGroups', { userId: alice.id }),
      {},
      { dryRun: true },
    );
    expect((step(planned, 'g').output as { requests: unknown[] }).requests).toHaveLength(2);
    expect(env.sandbox.store.snapshot()).toEqual(before);

    const record = await env.run(node('scim.removeFromAllGroups', { userName: 'alice.johnson@example.com' }));
    const output = step(record, 'g').output as { removedFrom: Array<{ displayName: string }> };
    expect(output.removedFrom.map((g) => g.displayName).sort()).toEqual(['Engineering', 'Sales']);
    expect(memberIds('Engineering')).toHaveLength(1);
    expect(memberIds('Sales')).toHaveLength(2);
    expect(memberIds('Engineering')).not.toContain(alice.id);
  });
});
