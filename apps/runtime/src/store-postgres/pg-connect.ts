/** Opening PostgreSQL for the store: the pool (search_path = the store's schema), clear connect errors, migrations. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Schema names we create and quote ourselves: lowercase identifiers only. */
export const SchemaNameSchema = z
  .string()
  .regex(
    /^[a-z_][a-z0-9_]{0,62}$/,
    'a schema name is lowercase letters, digits and _, starting with a letter or _',
  );

/** PostgreSQL could not be reached or refused us: the message names host:port and what to check. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(
      `PostgreSQL at ${target} is not reachable (${reason}). Check that the server is running and listening there, ` +
        'that IDFLOW_STORE (postgres://user:password@host:port/database) names the right host, port, user and ' +
        'database, and that pg_hba.conf and any firewall let this machine in.',
    );
    this.name = 'StoreUnavailableError';
  }
}

/** "host:port/database" of a connection string, without the password. */
export function describeTarget(connectionString: string): string {
  try {
    const u = new URL(connectionString);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || ''}`;
  } catch {
    return 'the configured address';
  }
}

export function createPool(connectionString: string, schema: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    // Every connection works in the store's schema; unqualified table names resolve there.
    options: `-c search_path=${schema}`,
  });
  // An idle client losing its server must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
  return pool;
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

/** Turns a connection-level failure into StoreUnavailableError; anything else is returned unchanged. */
export function explainConnectError(err: unknown, connectionString: string): unknown {
  if (!(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  const isConnect =
    (typeof code === 'string' &&
      (CONNECT_CODES.has(code) || code === '28P01' || code === '28000' || code === '3D000')) ||
    /timeout expired|Connection terminated/i.test(err.message) ||
    (err instanceof AggregateError && err.errors.length > 0);
  if (!isConnect) return err;
  const detail = typeof code === 'string' ? `${code}: ${err.message || 'connection failed'}` : err.message;
  return new StoreUnavailableError(describeTarget(connectionString), detail);
}

/**
 * Applies every migrations/*.sql not applied yet, in name order, in one transaction under an advisory lock, so
 * several processes can start at once: the first migrates, the others wait and then find nothing to do.
 */
export async function migrate(pool: pg.Pool, schema: string): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`idflow:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await client.query(await readFile(path.join(MIGRATIONS_DIR, file), 'utf8'));
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Runs `fn` in a transaction on one client; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
