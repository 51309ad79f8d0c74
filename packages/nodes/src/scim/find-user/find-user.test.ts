/** scim.findUser and scim.getUser in flow runs against the real SCIM sandbox. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowOf, startScimEnv, step } from '../../../test/helpers';

let env: Awaited<ReturnType<typeof startScimEnv>>;
beforeAll(async () => {
  env = await startScimEnv();
});
afterAll(() => env.sandbox.close());

const find = (config: Record<string, unknown>) =>
  flowOf([{ id: 'find', type: 'scim.findUser', config: { connection: 'sandbox', ...config } }]);

describe('scim.findUser', () => {
  it('finds a user by userName from the trigger, case-insensitively', async () => {
    const record = await env.run(find({ userName: '=trigger.email' }), {
      email: 'Alice.Johnson@example.com',
    });
    expect(record.status).toBe('succeeded');
    expect(step(record, 'find').output).toMatchObject({
      found: true,
      totalResults: 1,
      user: { userName: 'alice.johnson@example.com', name: { givenName: 'Alice' } },
    });
  });

  it('combines email and extra conditions with and, escaping values', async () => {
    const record = await env.run(
      find({
        email: 'carol.nguyen@example.com',
        where: [{ attribute: 'title', op: 'sw', value: 'Software' }],
      }),
    );
    expect(step(record, 'find').output).toMatchObject({
      found: true,
      user: { userName: 'carol.nguyen@example.com' },
    });
    const list = env.requests.find((r) => r.path.includes('filter='));
    expect(list).toBeDefined();

    const tricky = await env.run(find({ userName: 'x" or userName pr or userName eq "y' }));
    expect(step(tricky, 'find').output).toMatchObject({
      found: false,
      user: null,
      users: [],
      totalResults: 0,
    });
  });

  it('reports not found without failing, and rejects an empty search', async () => {
    const none = await env.run(find({ externalId: 'NOPE-1' }));
    expect(step(none, 'find').output).toMatchObject({ found: false, user: null });
    const empty = await env.run(find({}));
    expect(step(empty, 'find').error).toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('names a missing connection', async () => {
    const record = await env.run(find({ connection: 'nope', userName: 'a' }));
    expect(step(record, 'find').error).toMatchObject({ code: 'CONNECTION_NOT_FOUND' });
  });
});

describe('scim.getUser', () => {
  const get = (config: Record<string, unknown>) =>
    flowOf([{ id: 'get', type: 'scim.getUser', config: { connection: 'sandbox', ...config } }]);

  it('reads by id, and a missing id per ifNotFound', async () => {
    const alice = env.userByName('alice.johnson@example.com')!;
    const found = await env.run(get({ userId: alice.id }));
    expect(step(found, 'get').output).toMatchObject({ found: true, user: { id: alice.id } });
    const asNull = await env.run(get({ userId: 'no-such-id', ifNotFound: 'null' }));
    expect(step(asNull, 'get').output).toEqual({ found: false, user: null });
    const failed = await env.run(get({ userId: 'no-such-id' }));
    expect(step(failed, 'get').error).toMatchObject({ code: 'NOT_FOUND' });
  });
});
