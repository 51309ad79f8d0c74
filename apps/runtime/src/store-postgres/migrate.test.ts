/** migrateStore: a file store with data copied into PostgreSQL reads back the same, and a second copy changes nothing. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../store/file-store/file-store';
import { connection } from '../store/store-contract';
import { at, hashOf, makeFlow, makeRun } from '../store/store-fixtures';
import type { Store } from '../store/types';
import { migrateStore } from './migrate';
import type { PostgresStore } from './postgres-store';
import { makeTestPgStore } from './testing';

/** Everything a Store shows through its contract, for comparing two stores. */
async function snapshot(store: Store, settingKeys: string[]) {
  const flows = await store.listFlows();
  const perFlow = await Promise.all(
    flows.map(async (f) => {
      const metas = await store.listFlowVersions(f.flow.id);
      return {
        stored: f,
        versions: await Promise.all(metas.map((m) => store.getFlowVersion(f.flow.id, m.hash))),
        secret: await store.getWebhookSecret(f.flow.id),
        schedule: await store.getScheduleState(f.flow.id),
      };
    }),
  );
  const runs = [];
  let cursor: string | undefined;
  do {
    const page = await store.listRuns({ includeChildren: true, limit: 500, ...(cursor ? { cursor } : {}) });
    runs.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return {
    flows: perFlow.sort((a, b) => (a.stored.flow.id < b.stored.flow.id ? -1 : 1)),
    connections: (await store.listConnections()).sort((a, b) => (a.name < b.name ? -1 : 1)),
    settings: await Promise.all(settingKeys.map((k) => store.getSetting(k))),
    runs,
  };
}

describe('migrateStore', () => {
  let dir: string;
  let from: Store;
  let pg: { store: PostgresStore; cleanup(): Promise<void> };
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'idflow-migrate-'));
    from = createFileStore({ dir, warn: () => {} });
    await from.open();
    pg = makeTestPgStore();
    await pg.store.open();
  });
  afterEach(async () => {
    await from.close();
    await pg.store.close();
    await pg.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('copies flows with every version, connections, secrets, schedules, settings and 1,234 runs', async () => {
    const v1 = makeFlow('onboard');
    const v2 = makeFlow('onboard', { name: 'Onboard v2' });
    await from.saveFlow(v1, { hash: hashOf(v1) });
    await from.saveFlow(v2, { hash: hashOf(v2) });
    await from.saveFlow(v1, { hash: hashOf(v1) }); // back to v1's content: version 3, two version entries
    const off = makeFlow('offboard');
    await from.saveFlow(off, { hash: hashOf(off), enabled: false });
    await from.saveConnection(connection('sandbox', { auth: { type: 'bearer', token: 'enc:v1:AAAA:BBBB' } }));
    await from.saveConnection(connection('okta', { kind: 'http' }));
    await from.saveWebhookSecret({ flowId: 'onboard', secret: 'enc:v1:hook', updatedAt: at(1) });
    await from.saveScheduleState({ flowId: 'offboard', lastFireAt: at(2), lastRunId: 'r-9' });
    await from.setSetting('adminTokenSha256', 'abc');
    await from.setSetting('other', 'x');
    const runs = Array.from({ length: 1234 }, (_, i) =>
      makeRun({
        id: `m${String(i).padStart(5, '0')}`,
        flowId: i % 2 ? 'onboard' : 'offboard',
        startedAt: at(i),
        ...(i % 100 === 5 ? { parentRunId: 'm00004' } : {}),
      }),
    );
    await Promise.all(runs.map((r) => from.saveRun(r)));

    const pages: number[] = [];
    const report = await migrateStore(from, pg.store, {
      pageSize: 300,
      settingKeys: ['adminTokenSha256', 'other'],
      onProgress: (r) => pages.push(r.runs),
    });
    expect(report).toEqual({
      flows: 2,
      flowVersions: 3,
      connections: 2,
      webhookSecrets: 1,
      scheduleStates: 1,
      settings: 2,
      runs: 1234,
    });
    expect(pages).toEqual([300, 600, 900, 1200, 1234]);
    const keys = ['adminTokenSha256', 'other'];
    const want = await snapshot(from, keys);
    expect(want.flows[1]?.stored.version).toBe(3);
    expect(want.runs).toHaveLength(1234);
    expect(await snapshot(pg.store, keys)).toEqual(want);
    for (const id of ['m00000', 'm00105', 'm01233'])
      expect(await pg.store.getRun(id)).toEqual(await from.getRun(id));

    // Again: upserts only, nothing doubles.
    await migrateStore(from, pg.store, { settingKeys: keys });
    expect(await snapshot(pg.store, keys)).toEqual(want);
  });
});
