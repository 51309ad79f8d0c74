// Tolerant readers for what real services send: string booleans, partial ListResponses, odd configs.

import { ScimClientError } from './errors';
import { isRecord, type JsonRecord } from './response';
import type { Capabilities, ListResponse, ServiceProviderConfig } from './types';

/** Attributes that are booleans wherever they appear; services sometimes send "True"/"False". */
const BOOLEAN_KEYS = new Set(['active', 'primary', 'supported']);

function normaliseBooleans(value: unknown, depth = 0): unknown {
  if (depth > 20) return value;
  if (Array.isArray(value)) return value.map((v) => normaliseBooleans(v, depth + 1));
  if (!isRecord(value)) return value;
  const out: JsonRecord = {};
  for (const [k, v] of Object.entries(value)) {
    if (BOOLEAN_KEYS.has(k.toLowerCase()) && typeof v === 'string' && /^(true|false)$/i.test(v.trim())) {
      out[k] = v.trim().toLowerCase() === 'true';
    } else {
      out[k] = typeof v === 'object' && v !== null ? normaliseBooleans(v, depth + 1) : v;
    }
  }
  return out;
}

/**
 * Whether normaliseBooleans would change anything: a string boolean, or a `__proto__` key (which the copy drops).
 * Most answers have neither and are used as parsed, without a copy.
 */
function needsCopy(value: unknown, depth = 0): boolean {
  if (depth > 20 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (const v of value) if (needsCopy(v, depth + 1)) return true;
    return false;
  }
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (k === '__proto__') return true;
    const v = (value as JsonRecord)[k];
    if (typeof v === 'string') {
      if (BOOLEAN_KEYS.has(k.toLowerCase()) && /^(true|false)$/i.test(v.trim())) return true;
    } else if (needsCopy(v, depth + 1)) return true;
  }
  return false;
}

/** Checks that a body (parsed JSON) is an object and fixes string booleans. */
export function normaliseResource<T>(body: unknown, what = 'resource'): T {
  if (!isRecord(body)) {
    throw new ScimClientError('SCIM_INVALID_RESPONSE', `expected a ${what} object in the response`);
  }
  return (needsCopy(body) ? normaliseBooleans(body) : body) as T;
}

function toInt(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** Reads a ListResponse; missing `Resources`, `itemsPerPage` or `startIndex` are filled in. */
export function normaliseList<T>(body: unknown, requestedStart: number): ListResponse<T> {
  if (body === undefined)
    return { totalResults: 0, startIndex: requestedStart, itemsPerPage: 0, resources: [] };
  if (!isRecord(body)) throw new ScimClientError('SCIM_INVALID_RESPONSE', 'expected a ListResponse object');
  const raw = body.Resources ?? body.resources;
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    throw new ScimClientError('SCIM_INVALID_RESPONSE', 'ListResponse.Resources is not an array');
  }
  const resources = (raw ?? []).filter(isRecord).map((r) => (needsCopy(r) ? normaliseBooleans(r) : r) as T);
  return {
    totalResults: toInt(body.totalResults) ?? resources.length,
    startIndex: toInt(body.startIndex) ?? requestedStart,
    itemsPerPage: toInt(body.itemsPerPage) ?? resources.length,
    resources,
  };
}

/** Defaults used when a service has no readable /ServiceProviderConfig. */
export const DEFAULT_CAPABILITIES: Capabilities = {
  patch: true,
  etag: false,
  bulk: {
    supported: false,
    maxOperations: Number.POSITIVE_INFINITY,
    maxPayloadSize: Number.POSITIVE_INFINITY,
  },
  filter: { supported: true, maxResults: undefined },
  sort: false,
};

function positive(value: unknown): number | undefined {
  const n = toInt(value);
  return n !== undefined && n > 0 ? n : undefined;
}

/** PATCH counts as supported unless explicitly `false`; etag, bulk and sort only when explicitly `true`. */
export function toCapabilities(spc: ServiceProviderConfig): Capabilities {
  const flag = (x: unknown) => (isRecord(x) ? x.supported : undefined);
  return {
    patch: flag(spc.patch) !== false,
    etag: flag(spc.etag) === true,
    bulk: {
      supported: flag(spc.bulk) === true,
      maxOperations: positive(spc.bulk?.maxOperations) ?? Number.POSITIVE_INFINITY,
      maxPayloadSize: positive(spc.bulk?.maxPayloadSize) ?? Number.POSITIVE_INFINITY,
    },
    filter: { supported: flag(spc.filter) !== false, maxResults: positive(spc.filter?.maxResults) },
    sort: flag(spc.sort) === true,
  };
}
