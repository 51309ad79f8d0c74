/** Picks the store from IDFLOW_STORE: a postgres:// URL selects PostgreSQL, anything else is a data folder for files. */
import { createFileStore } from '../store/file-store/file-store';
import type { Store } from '../store/types';
import { createPostgresStore } from './postgres-store';
import { isPostgresUrl } from './store-url';

export { isPostgresUrl };

export interface StoreFromUrlOptions {
  /** PostgreSQL schema (default `idflow`, or `?schema=` in the URL). */
  schema?: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

/**
 * @example
 * const store = createStoreFromUrl(process.env.IDFLOW_STORE ?? './data'); // file store
 * const shared = createStoreFromUrl('postgres://idflow@db:5432/idflow?schema=idflow'); // PostgreSQL
 * await store.open();
 */
export function createStoreFromUrl(urlOrDir: string, options: StoreFromUrlOptions = {}): Store {
  const value = urlOrDir.trim();
  if (!isPostgresUrl(value))
    return createFileStore({ dir: value.startsWith('file://') ? new URL(value).pathname : value });
  const url = new URL(value);
  // `schema` is ours, not a libpq parameter: take it out before pg parses the string.
  const schema = options.schema ?? url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return createPostgresStore({
    connectionString: url.toString(),
    ...(schema !== undefined ? { schema } : {}),
    ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
  });
}
