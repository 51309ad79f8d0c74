/** Flows and their versions in PostgreSQL: optimistic versioning with `UPDATE … WHERE version = $expected`. */
import type { Flow } from '@idflow/engine';
import type pg from 'pg';
import { FlowNotFoundError } from '../store/errors';
import { summarizeFlowChange } from '../store/file-store/version-summary';
import type { FlowVersionEntry, StoredFlow } from '../store/types';
import { VersionConflictError } from '../store/types';

export interface FlowRow {
  id: string;
  flow: Flow;
  version: number;
  hash: string;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export const FLOW_COLUMNS = 'id, flow, version, hash, enabled, created_at, updated_at';

export function toStoredFlow(row: FlowRow): StoredFlow {
  return {
    flow: row.flow,
    version: row.version,
    hash: row.hash,
    enabled: row.enabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface FlowSaveItem {
  flow: Flow;
  hash: string;
  enabled?: boolean;
  expectedVersion?: number;
}

/** Raised when another writer changed the row between our read and our write; the caller retries. */
class LostRace extends Error {}

/**
 * One save inside the caller's transaction. A new hash bumps the version and upserts the version entry for that hash
 * (saving an old hash again moves its entry to the new version). Throws VersionConflictError, writing nothing.
 */
export async function saveFlowTx(
  client: pg.PoolClient,
  item: FlowSaveItem,
  nowIso: string,
): Promise<StoredFlow> {
  const { flow, hash } = item;
  const found = await client.query<FlowRow>(`SELECT ${FLOW_COLUMNS} FROM flows WHERE id = $1 FOR UPDATE`, [
    flow.id,
  ]);
  const existing = found.rows[0];
  const current = existing?.version ?? 0;
  if (item.expectedVersion !== undefined && item.expectedVersion !== current) {
    throw new VersionConflictError(flow.id, current, item.expectedVersion);
  }
  const contentChanged = !existing || existing.hash !== hash;
  const enabled = item.enabled ?? existing?.enabled ?? true;
  const touched = !existing || contentChanged || existing.enabled !== enabled;
  const stored: StoredFlow = {
    flow: structuredClone(flow),
    version: current + (contentChanged ? 1 : 0),
    hash,
    enabled,
    createdAt: existing?.created_at ?? nowIso,
    updatedAt: touched ? nowIso : existing.updated_at,
  };
  // The row may be absent and created concurrently: the upsert only wins when the version is still `current`.
  const written = await client.query(
    `INSERT INTO flows (id, flow, version, hash, enabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET flow = EXCLUDED.flow, version = EXCLUDED.version, hash = EXCLUDED.hash,
       enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at
     WHERE flows.version = $8`,
    [
      flow.id,
      JSON.stringify(flow),
      stored.version,
      hash,
      enabled,
      stored.createdAt,
      stored.updatedAt,
      current,
    ],
  );
  if (written.rowCount !== 1) {
    if (item.expectedVersion !== undefined) {
      const now = await client.query<{ version: number }>('SELECT version FROM flows WHERE id = $1', [
        flow.id,
      ]);
      throw new VersionConflictError(flow.id, now.rows[0]?.version ?? 0, item.expectedVersion);
    }
    throw new LostRace();
  }
  if (contentChanged) {
    await client.query(
      `INSERT INTO flow_versions (flow_id, hash, version, saved_at, summary, flow) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (flow_id, hash) DO UPDATE SET version = EXCLUDED.version, saved_at = EXCLUDED.saved_at,
         summary = EXCLUDED.summary, flow = EXCLUDED.flow`,
      [
        flow.id,
        hash,
        stored.version,
        nowIso,
        summarizeFlowChange(existing?.flow, flow),
        JSON.stringify(flow),
      ],
    );
  }
  return stored;
}

/** Retries `fn` (a whole transaction) when it lost a creation race; VersionConflictError and others pass through. */
export async function retryLostRace<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      // 23505: unique violation, when two transactions create the same new flow at once.
      const unique = (err as { code?: unknown }).code === '23505';
      if (!(err instanceof LostRace || unique) || i >= attempts) throw err;
    }
  }
}

export async function setFlowEnabledTx(
  client: pg.PoolClient,
  id: string,
  enabled: boolean,
  nowIso: string,
): Promise<StoredFlow> {
  const res = await client.query<FlowRow>(
    `UPDATE flows SET enabled = $2, updated_at = CASE WHEN enabled = $2 THEN updated_at ELSE $3 END
     WHERE id = $1 RETURNING ${FLOW_COLUMNS}`,
    [id, enabled, nowIso],
  );
  const row = res.rows[0];
  if (!row) throw new FlowNotFoundError(id);
  return toStoredFlow(row);
}

export async function deleteFlowTx(client: pg.PoolClient, id: string): Promise<boolean> {
  const res = await client.query('DELETE FROM flows WHERE id = $1', [id]);
  if (res.rowCount === 0) return false;
  await client.query('DELETE FROM flow_versions WHERE flow_id = $1', [id]);
  await client.query('DELETE FROM webhook_secrets WHERE flow_id = $1', [id]);
  await client.query('DELETE FROM schedule_state WHERE flow_id = $1', [id]);
  return true;
}

interface VersionRow {
  flow_id: string;
  hash: string;
  version: number;
  saved_at: string;
  summary: string;
  flow?: Flow;
}

export function toVersionEntry(row: VersionRow & { flow: Flow }): FlowVersionEntry {
  return {
    flowId: row.flow_id,
    version: row.version,
    hash: row.hash,
    savedAt: row.saved_at,
    summary: row.summary,
    flow: row.flow,
  };
}

export async function listFlowVersions(
  pool: pg.Pool,
  flowId: string,
): Promise<Array<Omit<FlowVersionEntry, 'flow'>>> {
  const res = await pool.query<VersionRow>(
    'SELECT flow_id, hash, version, saved_at, summary FROM flow_versions WHERE flow_id = $1 ORDER BY version DESC',
    [flowId],
  );
  return res.rows.map((r) => ({
    flowId: r.flow_id,
    version: r.version,
    hash: r.hash,
    savedAt: r.saved_at,
    summary: r.summary,
  }));
}

export async function getFlowVersion(
  pool: pg.Pool,
  flowId: string,
  hash: string,
): Promise<FlowVersionEntry | undefined> {
  const res = await pool.query<VersionRow & { flow: Flow }>(
    'SELECT flow_id, hash, version, saved_at, summary, flow FROM flow_versions WHERE flow_id = $1 AND hash = $2',
    [flowId, hash],
  );
  return res.rows[0] ? toVersionEntry(res.rows[0]) : undefined;
}
