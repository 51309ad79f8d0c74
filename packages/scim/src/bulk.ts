// Bulk operations: /Bulk when advertised (split by maxOperations and maxPayloadSize), else one request each.

import { randomUUID } from 'node:crypto';
import { MESSAGE_BULK_REQUEST } from './constants';
import type { DiscoveryCache } from './discovery';
import { ScimClientError, ScimError, ScimHttpError } from './errors';
import type { HttpClient, HttpMethod } from './http';
import { isRecord, type JsonRecord, parseStatus, readScimErrorBody } from './response';

export interface BulkOperation {
  method: Exclude<HttpMethod, 'GET'>;
  /** `/Users`, `/Groups/{id}`, … */
  path: string;
  /** Required by SCIM for POST; generated when missing. Refer to it in `data` as `"bulkId:<id>"`. */
  bulkId?: string;
  /** ETag (If-Match) for this operation. */
  version?: string;
  data?: unknown;
}

export interface BulkResult {
  method: string;
  bulkId?: string;
  location?: string;
  /** Id of the created or changed resource, when the location or body tells. */
  id?: string;
  version?: string;
  status: number;
  response?: unknown;
  /** Set when status >= 400. */
  error?: ScimError;
}

export interface BulkOptions {
  /** Stop after this many errors (across all batches). */
  failOnErrors?: number;
  signal?: AbortSignal;
}

export interface BulkOutcome {
  results: BulkResult[];
  /** False when the service has no /Bulk and each operation was sent on its own. */
  usedBulkEndpoint: boolean;
  requests: number;
}

const encoder = new TextEncoder();
const size = (v: unknown) => encoder.encode(JSON.stringify(v)).length;

function lastSegment(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const seg = location
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .split('/')
    .pop();
  return seg ? decodeURIComponent(seg) : undefined;
}

/** A reference is a whole value (`bulkId:x`) or a path's last segment (`/Users/bulkId:x`). */
const BULK_REF = /(^|\/)bulkId:([^/]+)$/;

/** Replaces `"bulkId:<id>"` references with ids already known; unknown ones stay for the server to resolve. */
function resolveRefs(value: unknown, known: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const m = BULK_REF.exec(value);
    const id = m?.[2] === undefined ? undefined : known.get(m[2]);
    return m && id ? value.slice(0, m.index) + (m[1] ?? '') + id : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, known));
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, known)]));
  return value;
}

/** Splits operations into batches within both limits; an operation alone over the size limit is an error. */
export function splitBatches(
  ops: BulkOperation[],
  maxOperations: number,
  maxPayloadSize: number,
): BulkOperation[][] {
  const envelope = size({ schemas: [MESSAGE_BULK_REQUEST], failOnErrors: 2 ** 31, Operations: [] });
  const batches: BulkOperation[][] = [];
  let current: BulkOperation[] = [];
  let bytes = envelope;
  for (const op of ops) {
    const opBytes = size(op) + 1;
    if (envelope + opBytes > maxPayloadSize) {
      throw new ScimClientError(
        'SCIM_INVALID_ARGUMENT',
        `bulk operation ${op.bulkId ?? op.path} exceeds maxPayloadSize`,
      );
    }
    if (current.length > 0 && (current.length >= maxOperations || bytes + opBytes > maxPayloadSize)) {
      batches.push(current);
      current = [];
      bytes = envelope;
    }
    current.push(op);
    bytes += opBytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function toResult(raw: unknown, sent: BulkOperation): BulkResult {
  const r = isRecord(raw) ? raw : {};
  const status = parseStatus(r.status) ?? 0;
  const location = typeof r.location === 'string' ? r.location : undefined;
  const result: BulkResult = {
    method: typeof r.method === 'string' ? r.method : sent.method,
    bulkId: typeof r.bulkId === 'string' ? r.bulkId : sent.bulkId,
    location,
    id: sent.method === 'DELETE' ? undefined : lastSegment(location),
    version: typeof r.version === 'string' ? r.version : undefined,
    status,
    response: r.response,
  };
  if (status >= 400 || status === 0) {
    const body = readScimErrorBody(r.response);
    result.error = new ScimError(status, body?.scimType, body?.detail ?? 'bulk operation failed');
  }
  return result;
}

export async function runBulk(
  http: HttpClient,
  discovery: DiscoveryCache,
  operations: BulkOperation[],
  opts: BulkOptions = {},
): Promise<BulkOutcome> {
  const ops = operations.map((op) => {
    if (typeof op.path !== 'string' || !op.path.startsWith('/')) {
      throw new ScimClientError(
        'SCIM_INVALID_ARGUMENT',
        `bulk operation path must start with "/": ${op.path}`,
      );
    }
    return op.method === 'POST' && !op.bulkId ? { ...op, bulkId: randomUUID() } : op;
  });
  const caps = await discovery.capabilities({ signal: opts.signal });
  const known = new Map<string, string>();
  const results: BulkResult[] = [];
  let errors = 0;
  let requests = 0;
  const budgetLeft = () => (opts.failOnErrors === undefined ? undefined : opts.failOnErrors - errors);
  const record = (result: BulkResult) => {
    results.push(result);
    if (result.error) errors++;
    if (result.bulkId && result.id && result.status < 400) known.set(result.bulkId, result.id);
  };

  if (!caps.bulk.supported) {
    for (const op of ops) {
      if ((budgetLeft() ?? 1) <= 0) break;
      requests++;
      record(await single(http, op, known, opts.signal));
    }
    return { results, usedBulkEndpoint: false, requests };
  }

  for (const batch of splitBatches(ops, caps.bulk.maxOperations, caps.bulk.maxPayloadSize)) {
    const left = budgetLeft();
    if (left !== undefined && left <= 0) break;
    const sent = batch.map((op) => ({
      ...op,
      path: String(resolveRefs(op.path, known)),
      data: resolveRefs(op.data, known),
    }));
    requests++;
    const res = await http.request({
      method: 'POST',
      path: '/Bulk',
      operation: 'bulk',
      body: {
        schemas: [MESSAGE_BULK_REQUEST],
        ...(left === undefined ? {} : { failOnErrors: left }),
        Operations: sent,
      },
      signal: opts.signal,
    });
    const answered = isRecord(res.body) && Array.isArray(res.body.Operations) ? res.body.Operations : [];
    answered.forEach((raw, i) => {
      const bulkId = isRecord(raw) && typeof raw.bulkId === 'string' ? raw.bulkId : undefined;
      const match = (bulkId && sent.find((s) => s.bulkId === bulkId)) || sent[i];
      if (match) record(toResult(raw, match));
    });
  }
  return { results, usedBulkEndpoint: true, requests };
}

/** Sends one operation as an ordinary request, reporting failures as results rather than throwing. */
async function single(
  http: HttpClient,
  op: BulkOperation,
  known: Map<string, string>,
  signal?: AbortSignal,
): Promise<BulkResult> {
  const base = { method: op.method, bulkId: op.bulkId };
  try {
    const res = await http.request({
      method: op.method,
      path: String(resolveRefs(op.path, known)),
      operation: 'bulk.single',
      body: op.data === undefined ? undefined : resolveRefs(op.data, known),
      ifMatch: op.version,
      signal,
    });
    const body: JsonRecord = isRecord(res.body) ? res.body : {};
    const meta = isRecord(body.meta) ? body.meta : {};
    const location =
      res.headers.get('location') ?? (typeof meta.location === 'string' ? meta.location : undefined);
    const id = typeof body.id === 'string' ? body.id : lastSegment(location ?? undefined);
    const version = typeof meta.version === 'string' ? meta.version : (res.headers.get('etag') ?? undefined);
    return { ...base, status: res.status, location: location ?? undefined, id, version, response: res.body };
  } catch (error) {
    if (error instanceof ScimError) return { ...base, status: error.status, error };
    if (error instanceof ScimHttpError) {
      return { ...base, status: error.status, error: new ScimError(error.status, undefined, error.body) };
    }
    throw error;
  }
}
