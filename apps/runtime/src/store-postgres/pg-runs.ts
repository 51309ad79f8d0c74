/** Run history in PostgreSQL: batched upserts, keyset-paged listing, retention by SQL. */
import type { RunRecord, RunStatus } from '@idflow/engine';
import type pg from 'pg';
import { decodeCursor, encodeCursor, pageLimit } from '../store/run-cursor';
import type { RetentionPolicy, RunPage, RunQuery } from '../store/types';

/** Lowercased trigger JSON kept per run for `q` searches. */
export const SEARCH_TEXT_CHARS = 2048;
const DAY_MS = 86_400_000;

/** startedAt ?? queuedAt ?? finishedAt in ms, 0 when none: the order of run history (id breaks ties). */
export function sortTs(run: RunRecord): number {
  const time = run.startedAt ?? run.queuedAt ?? run.finishedAt;
  const ts = time ? Date.parse(time) : 0;
  return Number.isFinite(ts) ? ts : 0;
}

function searchText(data: unknown): string {
  return (JSON.stringify(data ?? null) ?? '').slice(0, SEARCH_TEXT_CHARS).toLowerCase();
}

/**
 * Upserts runs in one statement. Later records for the same id win (a statement may not touch a row twice).
 */
export async function upsertRuns(pool: pg.Pool, runs: RunRecord[]): Promise<void> {
  const last = new Map<string, RunRecord>();
  for (const run of runs) last.set(run.id, run);
  const rows = [...last.values()];
  await pool.query(
    `INSERT INTO runs (id, flow_id, status, sort_ts, queued_at, started_at, parent_run_id, search, record)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[])
     ON CONFLICT (id) DO UPDATE SET flow_id = EXCLUDED.flow_id, status = EXCLUDED.status, sort_ts = EXCLUDED.sort_ts,
       queued_at = EXCLUDED.queued_at, started_at = EXCLUDED.started_at, parent_run_id = EXCLUDED.parent_run_id,
       search = EXCLUDED.search, record = EXCLUDED.record`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.flowId),
      rows.map((r) => r.status),
      rows.map((r) => sortTs(r)),
      rows.map((r) => r.queuedAt ?? null),
      rows.map((r) => r.startedAt ?? null),
      rows.map((r) => r.parentRunId ?? null),
      rows.map((r) => searchText(r.trigger.data)),
      rows.map((r) => JSON.stringify(r)),
    ],
  );
}

/**
 * Group commit: saves that arrive while a batch is being written go out together in the next one. Each save resolves
 * once its batch is committed (durable), and batches are written one after another, so later saves of a run win.
 */
export class RunBatcher {
  #pending: Array<{ run: RunRecord; done: (err?: unknown) => void }> = [];
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly maxBatch = 500,
  ) {}

  save(run: RunRecord): Promise<void> {
    // Serialize now: the caller may change its object after saveRun returns.
    const copy = structuredClone(run);
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ run: copy, done: (err) => (err === undefined ? resolve() : reject(err)) });
      this.#flushing ??= this.#flushLoop();
    });
  }

  async idle(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flushLoop(): Promise<void> {
    // Let the saves of the current tick join the first batch.
    await Promise.resolve();
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, this.maxBatch);
      try {
        await upsertRuns(
          this.pool,
          batch.map((b) => b.run),
        );
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.done(err ?? new Error('run batch failed'));
      }
    }
    this.#flushing = undefined;
  }
}

/** LIKE pattern matching `text` anywhere, with LIKE's own wildcards escaped. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listRuns(pool: pg.Pool, q: RunQuery): Promise<RunPage> {
  const limit = pageLimit(q.limit);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor);
    params.push(c.ts, c.id);
    where.push(`(sort_ts, id) < ($${params.length - 1}, $${params.length})`);
  }
  if (q.flowId !== undefined) add((p) => `flow_id = ${p}`, q.flowId);
  if (q.includeChildren !== true) where.push('parent_run_id IS NULL');
  if (q.status && q.status.length > 0) add((p) => `status = ANY(${p}::text[])`, q.status);
  if (q.since !== undefined) add((p) => `sort_ts >= ${p}`, Date.parse(q.since));
  if (q.until !== undefined) add((p) => `sort_ts <= ${p}`, Date.parse(q.until));
  const text = q.q?.trim().toLowerCase();
  if (text) add((p) => `search LIKE ${p}`, containsPattern(text));
  params.push(limit + 1);
  const res = await pool.query<{ record: RunRecord; sort_ts: string; id: string }>(
    `SELECT record, sort_ts, id FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY sort_ts DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  if (res.rows.length <= limit) return { items: res.rows.map((r) => r.record) };
  const page = res.rows.slice(0, limit);
  const tail = page[limit - 1]!;
  return { items: page.map((r) => r.record), nextCursor: encodeCursor(Number(tail.sort_ts), tail.id) };
}

export async function findRunsByStatus(pool: pg.Pool, statuses: RunStatus[]): Promise<RunRecord[]> {
  const res = await pool.query<{ record: RunRecord }>(
    'SELECT record FROM runs WHERE status = ANY($1::text[]) ORDER BY sort_ts ASC, id ASC',
    [statuses],
  );
  return res.rows.map((r) => r.record);
}

/**
 * Per flow, removes runs beyond the newest `maxRunsPerFlow` and those older than `maxAgeDays` (a limit ≤ 0 means
 * none). Queued and running runs are never removed, though they count toward the per-flow limit.
 */
export async function pruneRuns(pool: pg.Pool, policy: RetentionPolicy, now: Date): Promise<number> {
  const maxRuns = policy.maxRunsPerFlow > 0 ? policy.maxRunsPerFlow : null;
  const cutoff = policy.maxAgeDays > 0 ? now.getTime() - policy.maxAgeDays * DAY_MS : null;
  const res = await pool.query(
    `DELETE FROM runs WHERE id IN (
       SELECT id FROM (
         SELECT id, status, sort_ts, row_number() OVER (PARTITION BY flow_id ORDER BY sort_ts DESC, id DESC) AS n FROM runs
       ) ranked
       WHERE status NOT IN ('queued', 'running')
         AND (($1::bigint IS NOT NULL AND n > $1::bigint) OR ($2::bigint IS NOT NULL AND sort_ts < $2::bigint))
     )`,
    [maxRuns, cutoff],
  );
  return res.rowCount ?? 0;
}
