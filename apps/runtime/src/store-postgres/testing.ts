/** Test helpers: a throwaway PostgreSQL schema per store, and the test database's URL. */
import { randomBytes } from 'node:crypto';
import { createPostgresStore, type PostgresStore } from './postgres-store';

/** Override with IDFLOW_TEST_PG; the default is the local trust-auth server. */
export const PG_URL = process.env.IDFLOW_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export function testSchemaName(): string {
  return `idflow_test_${randomBytes(5).toString('hex')}`;
}

/** A store in a fresh schema; cleanup() drops the schema (it opens the store when it was closed). */
export function makeTestPgStore(schema = testSchemaName()): {
  store: PostgresStore;
  cleanup(): Promise<void>;
} {
  const store = createPostgresStore({ connectionString: PG_URL, schema, maxConnections: 4 });
  return {
    store,
    async cleanup() {
      const dropper = createPostgresStore({ connectionString: PG_URL, schema, maxConnections: 1 });
      await dropper.open();
      await dropper.dropSchema();
      await dropper.close();
    },
  };
}
