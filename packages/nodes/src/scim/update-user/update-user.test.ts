/** scim.updateUser against the real SCIM sandbox: a minimal PatchOp, no request when nothing changed, dry run. */
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

const update = (config: Record<string, unknown>) =>
  flowOf([{ id: 'update', type: 'scim.updateUser', config: { connection: 'sandbox', ...config } }]);

describe('scim.updateUser', () => {
  it('sends only the changed attributes in one PATCH', async () => {
    const record = await env.run(
      update({
        userName: 'carol.nguyen@example.com',
        user: {
          title: 'Staff Engineer',
          givenName: 'Carol',
          familyName: 'Nguyen-Ross',
          department: 'Engineering',
          costCenter: 'CC-42',
          emails: [{ value: 'carol.nguyen@example.com', type: 'work', primary: true }],
        },
      }),
    );
    expect(record.status).toBe('succeeded');
    const output = step(record, 'update').output as { changed: string[] };
    expect(output.changed.sort()).toEqual(['name.familyName', 'title', `${ENT}:costCenter`].sort());
    const writes = env.writes();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ method: 'PATCH' });
    const ops = (writes[0]!.body as { Operations: Array<{ path: string }> }).Operations;
    expect(ops.map((o) => o.path).sort()).toEqual(output.changed.sort());
    const stored = env.userByName('carol.nguyen@example.com')!;
    expect(stored).toMatchObject({ title: 'Staff Engineer', name: { familyName: 'Nguyen-Ross' } });
    expect(stored[ENT]).toMatchObject({ costCenter: 'CC-42', department: 'Engineering' });
  });

  it('sends nothing when the user already matches', async () => {
    const record = await env.run(
      update({ userName: 'carol.nguyen@example.com', user: { title: 'Software Engineer' } }),
    );
    expect(step(record, 'update').output).toMatchObject({ changed: [] });
    expect(env.writes()).toEqual([]);
  });

  it('clears an attribute given null, and fails NOT_FOUND for an unknown user', async () => {
    const record = await env.run(update({ userName: 'carol.nguyen@example.com', user: { title: null } }));
    expect(step(record, 'update').output).toMatchObject({ changed: ['title'] });
    expect(env.userByName('carol.nguyen@example.com')!.title).toBeUndefined();
    const missing = await env.run(update({ userName: 'ghost@example.com', user: { title: 'x' } }));
    expect(step(missing, 'update').error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('plans the exact PATCH in a dry run and writes nothing', async () => {
    const before = env.sandbox.store.snapshot();
    const carol = env.userByName('carol.nguyen@example.com')!;
    const record = await env.run(update({ userId: carol.id, user: { title: 'Lead' } }), {}, { dryRun: true });
    expect(step(record, 'update').output).toMatchObject({
      planned: true,
      changed: ['title'],
      requests: [
        {
          method: 'PATCH',
          path: `/Users/${carol.id}`,
          body: { Operations: [{ op: 'replace', path: 'title', value: 'Lead' }] },
        },
      ],
    });
    expect(env.writes()).toEqual([]);
    expect(env.sandbox.store.snapshot()).toEqual(before);
  });
});
