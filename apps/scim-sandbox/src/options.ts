// SandboxOptions (the public configuration) and their defaults.
import type { SeedData } from './store';

export interface SandboxFeatures {
  patch?: boolean;
  etag?: boolean;
  bulk?: boolean;
  sort?: boolean;
}

export interface SandboxOptions {
  /** Bearer token every SCIM request must carry. */
  token: string;
  /** lowdb JSON file; omitted = in-memory only. */
  dataFile?: string;
  /** Protocol features; all default to true. */
  features?: SandboxFeatures;
  /** Initial data; each omitted part falls back to the default demo seed. */
  seed?: SeedData;
  /** Bulk limits announced in /ServiceProviderConfig (defaults 1000 operations, 1 MiB). */
  bulkMaxOperations?: number;
  bulkMaxPayloadSize?: number;
  /** Largest page a query returns (default 200); also the page size when `count` is omitted. */
  filterMaxResults?: number;
}

export interface ResolvedOptions {
  token: string;
  features: Required<SandboxFeatures>;
  bulkMaxOperations: number;
  bulkMaxPayloadSize: number;
  filterMaxResults: number;
}

export const DEFAULT_BULK_MAX_OPERATIONS = 1000;
export const DEFAULT_BULK_MAX_PAYLOAD = 1_048_576;
export const DEFAULT_FILTER_MAX_RESULTS = 200;

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  if (typeof options.token !== 'string' || options.token === '')
    throw new Error('scim-sandbox: options.token is required');
  const f = options.features ?? {};
  return {
    token: options.token,
    features: { patch: f.patch ?? true, etag: f.etag ?? true, bulk: f.bulk ?? true, sort: f.sort ?? true },
    bulkMaxOperations: options.bulkMaxOperations ?? DEFAULT_BULK_MAX_OPERATIONS,
    bulkMaxPayloadSize: options.bulkMaxPayloadSize ?? DEFAULT_BULK_MAX_PAYLOAD,
    filterMaxResults: options.filterMaxResults ?? DEFAULT_FILTER_MAX_RESULTS,
  };
}
