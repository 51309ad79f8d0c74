// The update strategies behind `update`/`deactivate`: PATCH (path or value map) or GET+PUT, with ETag retries.

import { ScimConflictError, ScimError, ScimHttpError } from './errors';
import {
  alreadyApplied,
  applyChanges,
  buildPatchOperations,
  buildValueMapOperations,
  normaliseChanges,
} from './patch';
import type { ResourceApi, ResourceContext } from './resource';
import type { ScimResource } from './types';

/** 405/501 on PATCH: the service does not implement it, whatever its config says. */
export function patchNotSupported(error: unknown): boolean {
  return (error instanceof ScimError || error instanceof ScimHttpError) && [405, 501].includes(error.status);
}

/** Runs `fn`, re-running it after a 412 up to `attempts` times in all. */
export async function withConflictRetry<R>(attempts: number, fn: () => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof ScimConflictError) || attempt >= attempts) throw error;
    }
  }
}

/** GET, apply the changes locally, PUT (with If-Match when ETags are supported); skip the PUT if nothing changes. */
export function putUpdate<T extends ScimResource>(
  api: ResourceApi<T>,
  ctx: ResourceContext,
  useEtag: boolean,
  id: string,
  changes: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  return withConflictRetry(ctx.attempts, async () => {
    const current = await api.get(id, { signal });
    if (alreadyApplied(current, changes)) return current;
    const next = applyChanges(current, changes);
    return api.replace(id, next, { etag: useEtag ? current.meta?.version : undefined, signal });
  });
}

export async function runUpdate<T extends ScimResource>(
  api: ResourceApi<T>,
  ctx: ResourceContext,
  id: string,
  changes: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  normaliseChanges(changes); // validate before any request
  const caps = await ctx.discovery.capabilities({ signal });
  if (caps.patch && ctx.updateStyle !== 'put') {
    const ops =
      ctx.updateStyle === 'patchValueMap' ? buildValueMapOperations(changes) : buildPatchOperations(changes);
    if (ops.length === 0) return api.get(id, { signal });
    try {
      return await withConflictRetry(ctx.attempts, async () => {
        const etag = caps.etag ? (await api.get(id, { signal })).meta?.version : undefined;
        return api.patch(id, ops, { etag, signal });
      });
    } catch (error) {
      if (!patchNotSupported(error)) throw error;
    }
  }
  return putUpdate(api, ctx, caps.etag, id, changes, signal);
}
