/** The Store contract suite: every Store implementation (file, PostgreSQL) runs it via runStoreContract. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRunContract } from './store-contract-runs';
import { at, hashOf, makeFlow, makeRun } from './store-fixtures';
import type { Store, StoredConnection } from './types';
import { VersionConflictError } from './types';

export type MakeStore = () => Promise<{ store: Store; cleanup(): Promise<void> }>;

/**
 * Registers the suite. `makeStore` returns a fresh, empty store that is not opened yet; the suite calls open() and
 * close(), then cleanup(). close() followed by open() on the same store must read everything back from storage.
 * @example
 * runStoreContract('file store', async () => { const dir = await mkdtemp(...); return { store: createFileStore({ dir }), cleanup: () => rm(dir, { recursive: true }) }; });
 */
export function runStoreContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
      await store.open();
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });
    const s = () => store;
    runFlowContract(s);
    runStateContract(s);
    runRunContract(s);
  });
}

function runFlowContract(s: () => Store): void {
  describe('flows', () => {
    it('creates a flow at version 1, enabled, and reads it back', async () => {
      const flow = makeFlow('onboard');
      const saved = await s().saveFlow(flow, { hash: hashOf(flow) });
      expect(saved).toMatchObject({ version: 1, hash: hashOf(flow), enabled: true, flow });
      expect(await s().getFlow('onboard')).toEqual(saved);
      expect((await s().listFlows()).map((f) => f.flow.id)).toEqual(['onboard']);
      expect(await s().getFlow('nope')).toBeUndefined();
    });

    it('bumps the version only when the hash changes and records versions by hash with a summary', async () => {
      const v1 = makeFlow('onboard');
      await s().saveFlow(v1, { hash: hashOf(v1) });
      expect((await s().saveFlow(v1, { hash: hashOf(v1) })).version).toBe(1);
      const v2 = makeFlow('onboard', {
        name: 'Renamed',
        edges: [...v1.edges, { from: 'hire', to: 'create' }],
      });
      v2.nodes[1] = { ...v2.nodes[1]!, config: { connection: 'other' } };
      expect((await s().saveFlow(v2, { hash: hashOf(v2), expectedVersion: 1 })).version).toBe(2);
      const versions = await s().listFlowVersions('onboard');
      expect(versions.map((v) => v.version)).toEqual([2, 1]);
      expect(versions[0]).not.toHaveProperty('flow');
      expect(versions[0]!.summary).toContain('name changed');
      expect(versions[0]!.summary).toContain('find');
      expect(versions[0]!.summary).toContain('1 edge added');
      expect((await s().getFlowVersion('onboard', hashOf(v1)))?.flow).toEqual(v1);
      expect(await s().getFlowVersion('onboard', 'no-such-hash')).toBeUndefined();
      // Reverting to v1's content is version 3, and v1's hash is not listed twice.
      expect((await s().saveFlow(v1, { hash: hashOf(v1) })).version).toBe(3);
      const hashes = (await s().listFlowVersions('onboard')).map((v) => v.hash);
      expect(hashes).toEqual([hashOf(v1), hashOf(v2)]);
    });

    it('rejects a stale expectedVersion with VersionConflictError and writes nothing', async () => {
      const v1 = makeFlow('onboard');
      await s().saveFlow(v1, { hash: hashOf(v1) });
      const v2 = makeFlow('onboard', { name: 'Second' });
      await s().saveFlow(v2, { hash: hashOf(v2), expectedVersion: 1 });
      const stale = makeFlow('onboard', { name: 'Stale edit' });
      const err = await s()
        .saveFlow(stale, { hash: hashOf(stale), expectedVersion: 1 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VersionConflictError);
      expect(err).toMatchObject({ flowId: 'onboard', currentVersion: 2, expectedVersion: 1 });
      expect((await s().getFlow('onboard'))?.flow.name).toBe('Second');
      expect(await s().listFlowVersions('onboard')).toHaveLength(2);
      await expect(s().saveFlow(makeFlow('fresh'), { hash: 'h', expectedVersion: 1 })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await s().getFlow('fresh')).toBeUndefined();
      expect((await s().saveFlow(makeFlow('fresh'), { hash: 'h', expectedVersion: 0 })).version).toBe(1);
    });

    it('saveFlows saves all flows in one go, or none when one item is bad', async () => {
      const a = makeFlow('a');
      const b = makeFlow('b');
      const saved = await s().saveFlows([
        { flow: a, hash: hashOf(a) },
        { flow: b, hash: hashOf(b), enabled: false },
      ]);
      expect(saved.map((f) => [f.flow.id, f.version, f.enabled])).toEqual([
        ['a', 1, true],
        ['b', 1, false],
      ]);
      const c = makeFlow('c');
      const a2 = makeFlow('a', { name: 'A2' });
      await expect(
        s().saveFlows([
          { flow: c, hash: hashOf(c) },
          { flow: a2, hash: hashOf(a2) },
          { flow: a2, hash: hashOf(a2) },
        ]),
      ).rejects.toThrow();
      expect(await s().getFlow('c')).toBeUndefined();
      expect((await s().getFlow('a'))?.flow.name).toBe('Flow a');
    });

    it('enables, disables and deletes flows', async () => {
      const f = makeFlow('onboard');
      await s().saveFlow(f, { hash: hashOf(f), enabled: false });
      expect((await s().setFlowEnabled('onboard', true)).enabled).toBe(true);
      expect((await s().getFlow('onboard'))?.enabled).toBe(true);
      expect((await s().saveFlow(f, { hash: hashOf(f) })).enabled).toBe(true);
      await expect(s().setFlowEnabled('missing', true)).rejects.toThrow(/missing/);
      expect(await s().deleteFlow('onboard')).toBe(true);
      expect(await s().deleteFlow('onboard')).toBe(false);
      expect(await s().getFlow('onboard')).toBeUndefined();
      expect(await s().listFlowVersions('onboard')).toEqual([]);
    });

    it('hands out copies or frozen values: changing a returned flow does not change the store', async () => {
      const f = makeFlow('onboard');
      const saved = await s().saveFlow(f, { hash: hashOf(f) });
      saved.flow.name = 'mutated';
      f.name = 'mutated too';
      const got = await s().getFlow('onboard');
      // A store may hand out deep-frozen shared objects (the file store does): then the change throws.
      try {
        got!.flow.nodes.length = 0;
      } catch (err) {
        expect(err).toBeInstanceOf(TypeError);
      }
      const again = await s().getFlow('onboard');
      expect(again?.flow.name).toBe('Flow onboard');
      expect(again?.flow.nodes).toHaveLength(3);
    });
  });
}

export function connection(name: string, patch: Partial<StoredConnection> = {}): StoredConnection {
  return {
    name,
    kind: 'scim',
    baseUrl: 'http://127.0.0.1:9/scim/v2',
    auth: { type: 'bearer', token: 'enc:v1:abc' },
    options: { pageSize: 100 },
    revision: 'r1',
    createdAt: at(0),
    updatedAt: at(0),
    ...patch,
  };
}

function runStateContract(s: () => Store): void {
  describe('connections, secrets, schedules, settings, idempotency', () => {
    it('stores, replaces, lists and deletes connections', async () => {
      await s().saveConnection(connection('sandbox'));
      await s().saveConnection(connection('okta', { kind: 'http' }));
      await s().saveConnection(connection('sandbox', { revision: 'r2' }));
      expect((await s().getConnection('sandbox'))?.revision).toBe('r2');
      expect((await s().listConnections()).map((c) => c.name).sort()).toEqual(['okta', 'sandbox']);
      expect(await s().deleteConnection('okta')).toBe(true);
      expect(await s().deleteConnection('okta')).toBe(false);
      expect(await s().getConnection('okta')).toBeUndefined();
    });

    it('round-trips webhook secrets, schedule state and settings', async () => {
      expect(await s().getWebhookSecret('onboard')).toBeUndefined();
      await s().saveWebhookSecret({ flowId: 'onboard', secret: 'enc:v1:s1', updatedAt: at(1) });
      await s().saveWebhookSecret({ flowId: 'onboard', secret: 'enc:v1:s2', updatedAt: at(2) });
      expect(await s().getWebhookSecret('onboard')).toEqual({
        flowId: 'onboard',
        secret: 'enc:v1:s2',
        updatedAt: at(2),
      });
      await s().saveScheduleState({ flowId: 'nightly', lastFireAt: at(3), lastRunId: 'run-1' });
      expect(await s().getScheduleState('nightly')).toEqual({
        flowId: 'nightly',
        lastFireAt: at(3),
        lastRunId: 'run-1',
      });
      expect(await s().getSetting('adminTokenHash')).toBeUndefined();
      await s().setSetting('adminTokenHash', 'sha256:xyz');
      expect(await s().getSetting('adminTokenHash')).toBe('sha256:xyz');
    });

    it('claims an idempotency key once until it expires, also under concurrent claims', async () => {
      const now = new Date(at(0));
      const entry = { key: 'evt-1', runId: 'run-a', expiresAt: at(10) };
      const results = await Promise.all([
        s().claimIdempotencyKey(entry, now),
        s().claimIdempotencyKey({ ...entry, runId: 'run-b' }, now),
      ]);
      expect(results.filter((r) => r === undefined)).toHaveLength(1);
      const winner = results[0] === undefined ? 'run-a' : 'run-b';
      expect(await s().claimIdempotencyKey({ ...entry, runId: 'run-c' }, new Date(at(5)))).toMatchObject({
        key: 'evt-1',
        runId: winner,
      });
      expect(
        await s().claimIdempotencyKey({ ...entry, runId: 'run-d', expiresAt: at(30) }, new Date(at(11))),
      ).toBeUndefined();
      expect(await s().claimIdempotencyKey({ ...entry, runId: 'run-e' }, new Date(at(12)))).toMatchObject({
        runId: 'run-d',
      });
    });

    it('releases an idempotency key only while it still names that run', async () => {
      const now = new Date(at(0));
      const entry = { key: 'evt-rel', runId: 'run-a', expiresAt: at(10) };
      expect(await s().claimIdempotencyKey(entry, now)).toBeUndefined();
      await s().releaseIdempotencyKey('evt-rel', 'run-other');
      expect(await s().claimIdempotencyKey({ ...entry, runId: 'run-b' }, now)).toMatchObject({
        runId: 'run-a',
      });
      await s().releaseIdempotencyKey('evt-rel', 'run-a');
      expect(await s().claimIdempotencyKey({ ...entry, runId: 'run-c' }, now)).toBeUndefined();
      expect(await s().claimIdempotencyKey({ ...entry, runId: 'run-d' }, now)).toMatchObject({
        runId: 'run-c',
      });
      await s().releaseIdempotencyKey('never-claimed', 'run-x');
    });

    it('keeps everything across close() and open()', async () => {
      const f = makeFlow('onboard');
      await s().saveFlow(f, { hash: hashOf(f) });
      const f2 = makeFlow('onboard', { name: 'v2' });
      await s().saveFlow(f2, { hash: hashOf(f2) });
      await s().saveConnection(connection('sandbox'));
      await s().saveWebhookSecret({ flowId: 'onboard', secret: 'enc:v1:s', updatedAt: at(1) });
      await s().saveScheduleState({ flowId: 'onboard', lastFireAt: at(2) });
      await s().setSetting('k', 'v');
      await s().claimIdempotencyKey({ key: 'evt', runId: 'r', expiresAt: at(100) }, new Date(at(0)));
      const run = makeRun({ flowId: 'onboard' });
      await s().saveRun(run);
      await s().close();
      await s().open();
      expect((await s().getFlow('onboard'))?.flow.name).toBe('v2');
      expect((await s().listFlowVersions('onboard')).map((v) => v.version)).toEqual([2, 1]);
      expect(await s().getConnection('sandbox')).toEqual(connection('sandbox'));
      expect((await s().getWebhookSecret('onboard'))?.secret).toBe('enc:v1:s');
      expect((await s().getScheduleState('onboard'))?.lastFireAt).toBe(at(2));
      expect(await s().getSetting('k')).toBe('v');
      expect(
        await s().claimIdempotencyKey({ key: 'evt', runId: 'x', expiresAt: at(100) }, new Date(at(1))),
      ).toMatchObject({
        runId: 'r',
      });
      expect(await s().getRun(run.id)).toEqual(run);
      expect(await s().countRuns()).toBe(1);
    });
  });
}
