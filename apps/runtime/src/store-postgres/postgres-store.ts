/** The PostgreSQL Store: the same contract as the file store, shared by every process of a scaled-out runtime. */
import type { RunRecord } from '@idflow/engine';
import type pg from 'pg';
import type { FlowVersionEntry, IdempotencyEntry, Store, StoredConnection, StoredFlow } from '../store/types';
import { createPool, explainConnectError, inTransaction, migrate, SchemaNameSchema } from './pg-connect';
import {
  deleteFlowTx,
  FLOW_COLUMNS,
  type FlowRow,
  getFlowVersion,
  listFlowVersions,
  retryLostRace,
  saveFlowTx,
  setFlowEnabledTx,
  toStoredFlow,
} from './pg-flows';
import { findRunsByStatus, listRuns, pruneRuns, RunBatcher } from './pg-runs';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /** Schema holding idflow's tables; created at open(). Default `idflow`. */
  schema?: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  /** Clock for flow timestamps. */
  now?: () => Date;
}

export interface PostgresStore extends Store {
  readonly schema: string;
  /** Writes a flow exactly as given (version numbers, times, every version entry): for migrate-store. */
  importFlow(stored: StoredFlow, versions: FlowVersionEntry[]): Promise<void>;
  /** Drops the schema and everything in it (tests). The store must be open. */
  dropSchema(): Promise<void>;
}

/**
 * @example
 * const store = createPostgresStore({ connectionString: 'postgres://idflow@db:5432/idflow' });
 * await store.open(); // migrates; throws StoreUnavailableError naming host:port when PostgreSQL is down
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const schema = SchemaNameSchema.parse(options.schema ?? 'idflow');
  const iso = () => (options.now ?? (() => new Date()))().toISOString();
  let pool: pg.Pool | undefined;
  let batcher: RunBatcher | undefined;
  const db = (): pg.Pool => {
    if (!pool) throw new Error('The PostgreSQL store is not open: call open() first.');
    return pool;
  };
  const tx = <T>(fn: (c: pg.PoolClient) => Promise<T>) => inTransaction(db(), fn);

  let claims = 0;
  /** Inserts the key, or takes over an expired one; a valid key held by another run is left alone and returned. */
  const claim = async (entry: IdempotencyEntry, now: Date): Promise<IdempotencyEntry | undefined> => {
    const claimed = await db().query(
      `INSERT INTO idempotency_keys (key, run_id, expires_at, expires_ts) VALUES ($1, $2, $3::text, $3::timestamptz)
       ON CONFLICT (key) DO UPDATE SET run_id = EXCLUDED.run_id, expires_at = EXCLUDED.expires_at,
         expires_ts = EXCLUDED.expires_ts
       WHERE idempotency_keys.expires_ts <= $4::timestamptz
       RETURNING key`,
      [entry.key, entry.runId, entry.expiresAt, now.toISOString()],
    );
    if (claimed.rowCount === 1) {
      // Tidy up now and then: expired keys are harmless but take space.
      if (++claims % 100 === 0)
        await db().query('DELETE FROM idempotency_keys WHERE expires_ts <= $1', [now.toISOString()]);
      return undefined;
    }
    const res = await db().query<{ run_id: string; expires_at: string }>(
      'SELECT run_id, expires_at FROM idempotency_keys WHERE key = $1',
      [entry.key],
    );
    const row = res.rows[0];
    // Removed between the two statements (expired and tidied away): claim again.
    if (!row) return claim(entry, now);
    return { key: entry.key, runId: row.run_id, expiresAt: row.expires_at };
  };

  return {
    schema,
    async open() {
      const p = createPool(options.connectionString, schema, options.maxConnections ?? 10);
      try {
        await migrate(p, schema);
      } catch (err) {
        await p.end().catch(() => {});
        throw explainConnectError(err, options.connectionString);
      }
      pool = p;
      batcher = new RunBatcher(p);
    },
    async close() {
      const p = pool;
      if (!p) return;
      await batcher?.idle();
      pool = undefined;
      batcher = undefined;
      await p.end();
    },

    async listFlows() {
      const res = await db().query<FlowRow>(`SELECT ${FLOW_COLUMNS} FROM flows ORDER BY id`);
      return res.rows.map(toStoredFlow);
    },
    async getFlow(id) {
      const res = await db().query<FlowRow>(`SELECT ${FLOW_COLUMNS} FROM flows WHERE id = $1`, [id]);
      return res.rows[0] ? toStoredFlow(res.rows[0]) : undefined;
    },
    saveFlow: (flow, opts) => retryLostRace(() => tx((c) => saveFlowTx(c, { flow, ...opts }, iso()))),
    saveFlows: (items) => {
      if (new Set(items.map((i) => i.flow.id)).size !== items.length) {
        return Promise.reject(new Error('saveFlows: the same flow id appears twice; nothing was saved'));
      }
      // Lock rows in id order so two concurrent saveFlows never deadlock.
      const ordered = [...items.keys()].sort((a, b) => (items[a]!.flow.id < items[b]!.flow.id ? -1 : 1));
      return retryLostRace(() =>
        tx(async (c) => {
          const out: StoredFlow[] = new Array(items.length);
          const now = iso();
          for (const i of ordered) out[i] = await saveFlowTx(c, items[i]!, now);
          return out;
        }),
      );
    },
    setFlowEnabled: (id, enabled) => tx((c) => setFlowEnabledTx(c, id, enabled, iso())),
    deleteFlow: (id) => tx((c) => deleteFlowTx(c, id)),
    listFlowVersions: (flowId) => listFlowVersions(db(), flowId),
    getFlowVersion: (flowId, hash) => getFlowVersion(db(), flowId, hash),
    importFlow: (stored, versions) =>
      tx(async (c) => {
        await c.query(
          `INSERT INTO flows (id, flow, version, hash, enabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (id) DO UPDATE SET flow = EXCLUDED.flow, version = EXCLUDED.version, hash = EXCLUDED.hash,
             enabled = EXCLUDED.enabled, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`,
          [
            stored.flow.id,
            JSON.stringify(stored.flow),
            stored.version,
            stored.hash,
            stored.enabled,
            stored.createdAt,
            stored.updatedAt,
          ],
        );
        await c.query('DELETE FROM flow_versions WHERE flow_id = $1', [stored.flow.id]);
        for (const v of versions) {
          await c.query(
            'INSERT INTO flow_versions (flow_id, hash, version, saved_at, summary, flow) VALUES ($1, $2, $3, $4, $5, $6)',
            [v.flowId, v.hash, v.version, v.savedAt, v.summary, JSON.stringify(v.flow)],
          );
        }
      }),

    async listConnections() {
      const res = await db().query<{ record: StoredConnection }>(
        'SELECT record FROM connections ORDER BY name',
      );
      return res.rows.map((r) => r.record);
    },
    async getConnection(name) {
      const res = await db().query<{ record: StoredConnection }>(
        'SELECT record FROM connections WHERE name = $1',
        [name],
      );
      return res.rows[0]?.record;
    },
    async saveConnection(conn) {
      await db().query(
        'INSERT INTO connections (name, record) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET record = EXCLUDED.record',
        [conn.name, JSON.stringify(conn)],
      );
    },
    async deleteConnection(name) {
      return ((await db().query('DELETE FROM connections WHERE name = $1', [name])).rowCount ?? 0) > 0;
    },

    async getWebhookSecret(flowId) {
      const res = await db().query<{ secret: string; updated_at: string }>(
        'SELECT secret, updated_at FROM webhook_secrets WHERE flow_id = $1',
        [flowId],
      );
      const row = res.rows[0];
      return row ? { flowId, secret: row.secret, updatedAt: row.updated_at } : undefined;
    },
    async saveWebhookSecret(e) {
      await db().query(
        `INSERT INTO webhook_secrets (flow_id, secret, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (flow_id) DO UPDATE SET secret = EXCLUDED.secret, updated_at = EXCLUDED.updated_at`,
        [e.flowId, e.secret, e.updatedAt],
      );
    },
    async getScheduleState(flowId) {
      const res = await db().query<{ last_fire_at: string | null; last_run_id: string | null }>(
        'SELECT last_fire_at, last_run_id FROM schedule_state WHERE flow_id = $1',
        [flowId],
      );
      const row = res.rows[0];
      if (!row) return undefined;
      return {
        flowId,
        ...(row.last_fire_at !== null ? { lastFireAt: row.last_fire_at } : {}),
        ...(row.last_run_id !== null ? { lastRunId: row.last_run_id } : {}),
      };
    },
    async saveScheduleState(s) {
      await db().query(
        `INSERT INTO schedule_state (flow_id, last_fire_at, last_run_id) VALUES ($1, $2, $3)
         ON CONFLICT (flow_id) DO UPDATE SET last_fire_at = EXCLUDED.last_fire_at, last_run_id = EXCLUDED.last_run_id`,
        [s.flowId, s.lastFireAt ?? null, s.lastRunId ?? null],
      );
    },
    async getSetting(key) {
      return (await db().query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0]
        ?.value;
    },
    async setSetting(key, value) {
      await db().query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
        [key, value],
      );
    },

    saveRun: (run: RunRecord) => {
      if (!batcher) return Promise.reject(new Error('The PostgreSQL store is not open: call open() first.'));
      return batcher.save(run);
    },
    async getRun(id) {
      return (await db().query<{ record: RunRecord }>('SELECT record FROM runs WHERE id = $1', [id])).rows[0]
        ?.record;
    },
    listRuns: (query) => listRuns(db(), query),
    findRunsByStatus: (statuses) => findRunsByStatus(db(), statuses),
    pruneRuns: (policy, now) => pruneRuns(db(), policy, now),
    async countRuns() {
      return Number((await db().query<{ n: string }>('SELECT count(*) AS n FROM runs')).rows[0]?.n ?? 0);
    },

    claimIdempotencyKey: (entry, now) => claim(entry, now),

    async releaseIdempotencyKey(key, runId) {
      await db().query('DELETE FROM idempotency_keys WHERE key = $1 AND run_id = $2', [key, runId]);
    },

    async dropSchema() {
      await batcher?.idle();
      await db().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}
