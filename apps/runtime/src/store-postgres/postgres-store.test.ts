/** The PostgreSQL store: the shared Store contract in a throwaway schema, plus what only a database can get wrong. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runStoreContract } from '../store/store-contract';
import { hashOf, makeFlow, makeRun } from '../store/store-fixtures';
import { StoreUnavailableError } from './pg-connect';
import { createPostgresStore } from './postgres-store';
import { createStoreFromUrl } from './store-from-url';
import { makeTestPgStore, PG_URL, testSchemaName } from './testing';

runStoreContract('postgres', async () => makeTestPgStore());

describe('PostgreSQL store specifics', () => {
  it('lets several processes open (and migrate) the same schema at once', async () => {
    const schema = testSchemaName();
    const stores = Array.from({ length: 4 }, () => makeTestPgStore(schema));
    await Promise.all(stores.map((s) => s.store.open()));
    const f = makeFlow('shared');
    await stores[0]!.store.saveFlow(f, { hash: hashOf(f) });
    expect((await stores[3]!.store.getFlow('shared'))?.version).toBe(1);
    await Promise.all(stores.map((s) => s.store.close()));
    await stores[0]!.cleanup();
  });

  it('gives exactly one winner when two processes save the same expected version', async () => {
    const a = makeTestPgStore();
    const b = createPostgresStore({ connectionString: PG_URL, schema: a.store.schema });
    await a.store.open();
    await b.open();
    const f = makeFlow('race');
    await a.store.saveFlow(f, { hash: hashOf(f) });
    const edits = [makeFlow('race', { name: 'A' }), makeFlow('race', { name: 'B' })];
    const results = await Promise.allSettled([
      a.store.saveFlow(edits[0]!, { hash: hashOf(edits[0]!), expectedVersion: 1 }),
      b.saveFlow(edits[1]!, { hash: hashOf(edits[1]!), expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await a.store.listFlowVersions('race')).map((v) => v.version)).toEqual([2, 1]);
    await b.close();
    await a.store.close();
    await a.cleanup();
  });

  it('batches many concurrent saveRun calls and keeps the last record per id', async () => {
    const { store, cleanup } = makeTestPgStore();
    await store.open();
    const runs = Array.from({ length: 300 }, (_, i) => makeRun({ id: `b${i}`, status: 'running' }));
    await Promise.all(runs.map((r) => store.saveRun(r)));
    await Promise.all(runs.map((r) => store.saveRun({ ...r, status: 'succeeded' })));
    expect(await store.countRuns()).toBe(300);
    expect((await store.findRunsByStatus(['running'])).length).toBe(0);
    expect((await store.listRuns({ q: '%' })).items).toEqual([]);
    await store.close();
    await cleanup();
  });

  it('fails fast naming host and port when PostgreSQL is not reachable', async () => {
    const port = await freePort();
    const store = createStoreFromUrl(`postgres://postgres@127.0.0.1:${port}/test`);
    const err = await store.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect((err as Error).message).toMatch(/IDFLOW_STORE/);
  });

  it('rejects an unsafe schema name', () => {
    expect(() => createPostgresStore({ connectionString: PG_URL, schema: 'x"; DROP TABLE y' })).toThrow(
      /schema name/,
    );
  });
});

/** A port nothing listens on: bind, read it, close. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
