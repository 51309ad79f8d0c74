// ScimClient discovery/capabilities and Bulk (bulkId references, batch splitting, no-/Bulk fallback) on the sandbox.
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from '../../../packages/scim/src/index';
import { SANDBOX_TOKEN, type SandboxHarness, startSandboxHarness } from '../../support/scim';

let h: SandboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('discovery', () => {
  it('reads ServiceProviderConfig, ResourceTypes and Schemas once and normalises capabilities', async () => {
    h = await startSandboxHarness({ bulkMaxOperations: 7, bulkMaxPayloadSize: 50_000, filterMaxResults: 25 });
    const d = await h.client.discover();
    expect(d.serviceProviderConfig.patch?.supported).toBe(true);
    expect(d.resourceTypes.map((r) => [r.name, r.endpoint, r.schema])).toEqual(
      expect.arrayContaining([
        ['User', '/Users', SCHEMA_USER],
        ['Group', '/Groups', SCHEMA_GROUP],
      ]),
    );
    const user = d.resourceTypes.find((r) => r.name === 'User');
    expect(user?.schemaExtensions?.map((e) => e.schema)).toContain(SCHEMA_ENTERPRISE_USER);
    const ids = d.schemas.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([SCHEMA_USER, SCHEMA_GROUP, SCHEMA_ENTERPRISE_USER]));
    const userName = d.schemas
      .find((s) => s.id === SCHEMA_USER)
      ?.attributes.find((a) => a.name === 'userName');
    expect(userName).toMatchObject({ uniqueness: 'server', caseExact: false });

    expect(await h.client.capabilities()).toEqual({
      patch: true,
      etag: true,
      bulk: { supported: true, maxOperations: 7, maxPayloadSize: 50_000 },
      filter: { supported: true, maxResults: 25 },
      sort: true,
    });
    await h.client.serviceProviderConfig();
    await h.client.users.deactivate((await h.client.users.create({ userName: 'x@example.com' })).id!);
    const discoveryCalls = h.calls.filter((c) => c.operation.startsWith('discover.'));
    expect(discoveryCalls.filter((c) => c.path.endsWith('/ServiceProviderConfig'))).toHaveLength(1);

    await h.client.discover({ refresh: true });
    expect(
      h.calls.filter((c) => c.operation.startsWith('discover.') && c.path.endsWith('/ServiceProviderConfig')),
    ).toHaveLength(2);
  });

  it('capabilities follow the sandbox feature switches', async () => {
    h = await startSandboxHarness({ features: { patch: false, etag: false, bulk: false, sort: false } });
    expect(await h.client.capabilities()).toMatchObject({
      patch: false,
      etag: false,
      bulk: { supported: false },
      sort: false,
    });
  });
});

const deactivateOp = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'active', value: false }],
};

describe('bulk', () => {
  it('creates users and a group whose members refer to them by bulkId, in one request', async () => {
    h = await startSandboxHarness();
    const out = await h.client.bulk([
      {
        method: 'POST',
        path: '/Users',
        bulkId: 'ann',
        data: { schemas: [SCHEMA_USER], userName: 'ann@x.test' },
      },
      {
        method: 'POST',
        path: '/Users',
        bulkId: 'bob',
        data: { schemas: [SCHEMA_USER], userName: 'bob@x.test' },
      },
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'team',
        data: {
          schemas: [SCHEMA_GROUP],
          displayName: 'Team',
          members: [{ value: 'bulkId:ann' }, { value: 'bulkId:bob' }],
        },
      },
    ]);
    expect(out.usedBulkEndpoint).toBe(true);
    expect(out.requests).toBe(1);
    expect(out.results.map((r) => [r.bulkId, r.status])).toEqual([
      ['ann', 201],
      ['bob', 201],
      ['team', 201],
    ]);
    const byBulkId = Object.fromEntries(out.results.map((r) => [r.bulkId, r.id]));
    const group = h.sandbox.store.getGroup(byBulkId.team!);
    const members = ((group?.members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();
    expect(members).toEqual([byBulkId.ann, byBulkId.bob].sort());
    expect(h.sandbox.store.getUser(byBulkId.ann!)?.userName).toBe('ann@x.test');
  });

  it('splits by maxOperations and resolves bulkId references in data to operations in earlier batches', async () => {
    h = await startSandboxHarness({ bulkMaxOperations: 2 });
    const out = await h.client.bulk([
      { method: 'POST', path: '/Users', bulkId: 'u1', data: { userName: 'u1@x.test' } },
      { method: 'POST', path: '/Users', bulkId: 'u2', data: { userName: 'u2@x.test' } },
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'g',
        data: { displayName: 'G', members: [{ value: 'bulkId:u1' }] },
      },
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'g2',
        data: { displayName: 'G2', members: [{ value: 'bulkId:u2' }, { value: 'bulkId:g' }] },
      },
      { method: 'POST', path: '/Users', data: { userName: 'u3@x.test' } },
    ]);
    expect(out.requests).toBe(3);
    expect(h.calls.filter((c) => c.operation === 'bulk')).toHaveLength(3);
    expect(out.results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(out.results[4]?.bulkId).toBeTypeOf('string'); // generated for a POST without one
    const [u1, u2, g, g2] = out.results.map((r) => r.id);
    const members = (id: string) =>
      ((h!.sandbox.store.getGroup(id)?.members ?? []) as Array<{ value: string }>).map((m) => m.value);
    expect(members(g!)).toEqual([u1]);
    expect(members(g2!).sort()).toEqual([u2, g].sort());
  });

  // The RFC form "/Users/bulkId:x" in a path must resolve. Sent raw, so the client plays no part.
  it('sandbox resolves a bulkId inside a path within one request', async () => {
    h = await startSandboxHarness();
    const res = await fetch(`${h.sandbox.url}/Bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          {
            method: 'POST',
            path: '/Users',
            bulkId: 'u',
            data: { schemas: [SCHEMA_USER], userName: 'p@x.test' },
          },
          { method: 'PATCH', path: '/Users/bulkId:u', data: deactivateOp },
        ],
      }),
    });
    const body = (await res.json()) as { Operations: Array<{ status: string }> };
    expect(body.Operations.map((o) => o.status)).toEqual(['201', '200']);
  });

  // A path such as "/Users/bulkId:u" must be resolved by the client when its POST went in an earlier batch.
  it('resolves a bulkId in a path to an operation in an earlier batch', async () => {
    h = await startSandboxHarness({ bulkMaxOperations: 1 });
    const out = await h.client.bulk([
      { method: 'POST', path: '/Users', bulkId: 'u', data: { userName: 'q@x.test' } },
      { method: 'PATCH', path: '/Users/bulkId:u', data: deactivateOp },
    ]);
    expect(out.results.map((r) => r.status)).toEqual([201, 200]);
  });

  it('resolves a bulkId in a path without /Bulk', async () => {
    h = await startSandboxHarness({ features: { bulk: false } });
    const out = await h.client.bulk([
      { method: 'POST', path: '/Users', bulkId: 'u', data: { userName: 'r@x.test' } },
      { method: 'PATCH', path: '/Users/bulkId:u', data: deactivateOp },
    ]);
    expect(out.results.map((r) => r.status)).toEqual([201, 200]);
  });

  it('reports per-operation failures (409) without throwing, and honours failOnErrors', async () => {
    h = await startSandboxHarness();
    h.sandbox.store.seed({ users: [{ userName: 'taken@x.test' }] });
    const out = await h.client.bulk(
      [
        { method: 'POST', path: '/Users', data: { userName: 'TAKEN@x.test' } },
        { method: 'POST', path: '/Users', data: { userName: 'free@x.test' } },
      ],
      { failOnErrors: 1 },
    );
    expect(out.results[0]).toMatchObject({ status: 409 });
    expect(out.results[0]?.error?.scimType).toBe('uniqueness');
    expect(out.results).toHaveLength(1);
    expect(h.sandbox.store.listUsers().map((u) => u.userName)).toEqual(['taken@x.test']);
  });

  it('without /Bulk sends each operation on its own, still resolving bulkIds', async () => {
    h = await startSandboxHarness({ features: { bulk: false } });
    const out = await h.client.bulk([
      { method: 'POST', path: '/Users', bulkId: 'u', data: { userName: 'solo@x.test' } },
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'g',
        data: { displayName: 'Solo', members: [{ value: 'bulkId:u' }] },
      },
    ]);
    expect(out.usedBulkEndpoint).toBe(false);
    expect(out.requests).toBe(2);
    expect(h.calls.some((c) => c.path.endsWith('/Bulk'))).toBe(false);
    const [u, g] = out.results.map((r) => r.id);
    expect(
      ((h.sandbox.store.getGroup(g!)?.members ?? []) as Array<{ value: string }>).map((m) => m.value),
    ).toEqual([u]);
  });
});
