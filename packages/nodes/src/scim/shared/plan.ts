/** Dry-run plans: the exact SCIM requests a write node would send, built like the client builds them. */
import {
  applyChanges,
  buildPatchOperations,
  buildValueMapOperations,
  MESSAGE_PATCH_OP,
  type PatchOperation,
  type ScimResource,
} from '@idflow/scim';
import type { ScimHandle } from './client';

export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Set when the request is expected to fail, e.g. 409 for a POST of a user that exists. */
  expectedStatus?: number;
}

export const userPath = (id: string) => `/Users/${encodeURIComponent(id)}`;
export const groupPath = (id: string) => `/Groups/${encodeURIComponent(id)}`;

export function patchRequest(path: string, operations: PatchOperation[]): PlannedRequest {
  return {
    method: 'PATCH',
    path,
    body: {
      schemas: [MESSAGE_PATCH_OP],
      Operations: operations.map((o) => ({ ...o, op: o.op.toLowerCase() })),
    },
  };
}

/** The body PUT sends: everything but read-only id, meta and groups. */
export function putBody(resource: ScimResource): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource))
    if (!['id', 'meta', 'groups'].includes(k.toLowerCase())) body[k] = v;
  return body;
}

/** What `client.users.update(id, changes)` sends for these changes on this service. */
export async function planUpdate(
  handle: ScimHandle,
  current: ScimResource & { id: string },
  changes: Record<string, unknown>,
  signal: AbortSignal,
): Promise<PlannedRequest[]> {
  if (Object.keys(changes).length === 0) return [];
  const caps = await handle.client.capabilities({ signal });
  const path = userPath(current.id);
  if (caps.patch && handle.updateStyle !== 'put') {
    const ops =
      handle.updateStyle === 'patchValueMap'
        ? buildValueMapOperations(changes)
        : buildPatchOperations(changes);
    return [patchRequest(path, ops)];
  }
  return [{ method: 'PUT', path, body: putBody(applyChanges(current, changes)) }];
}

/** A plan's node result. */
export function planned(requests: PlannedRequest[], extra: Record<string, unknown> = {}) {
  return { output: { planned: true, requests, ...extra } };
}
