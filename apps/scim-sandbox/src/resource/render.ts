// Renders stored resources for output: computed `groups`, member `$ref`/`display`, meta.location and weak ETag.
import { createHash } from 'node:crypto';
import { isObj, type Obj } from '../schema/resolve';
import type { ResourceTypeDef } from '../schema/types';
import { ENTERPRISE_URN } from '../urns';
import { schemasOf } from './normalize';

export interface RenderEnv {
  /** Base URL including the version segment, e.g. `http://127.0.0.1:8090/scim/v2` (or a bare `/scim/v2`). */
  base: string;
  etag: boolean;
  /** Finds a user or group by id, to fill in `display`, `type` and `$ref`. */
  find(id: string): { type: 'User' | 'Group'; display?: string } | undefined;
  /** The stored groups that list `userId` as a member. */
  groupsOf(userId: string): Obj[];
}

const HIDDEN = new Set(['id', 'meta', 'password', 'schemas', 'groups']);

/** A weak ETag (`W/"…"`) over some JSON content. */
export function weakEtag(content: Obj): string {
  const hash = createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 20);
  return `W/"${hash}"`;
}

const endpointOf = (type: 'User' | 'Group'): string => (type === 'User' ? '/Users' : '/Groups');

function renderMembers(members: unknown, env: RenderEnv): Obj[] {
  if (!Array.isArray(members)) return [];
  return members.filter(isObj).map((m) => {
    const id = String(m.value);
    const found = env.find(id);
    const type = found?.type ?? (m.type === 'Group' ? 'Group' : 'User');
    const out: Obj = { value: id, $ref: `${env.base}${endpointOf(type)}/${id}`, type };
    if (found?.display !== undefined) out.display = found.display;
    return out;
  });
}

/**
 * The full representation of a stored resource (before attribute projection).
 * @example render(USER_TYPE, stored, env).meta.version // 'W/"…"'
 */
export function render(rt: ResourceTypeDef, stored: Obj, env: RenderEnv): Obj {
  const id = String(stored.id);
  const out: Obj = { schemas: schemasOf(rt, stored), id };
  for (const [key, value] of Object.entries(stored)) if (!HIDDEN.has(key)) out[key] = structuredClone(value);
  if (rt.id === 'User') {
    const groups = env.groupsOf(id).map((g) => ({
      value: g.id,
      $ref: `${env.base}/Groups/${String(g.id)}`,
      display: g.displayName,
      type: 'direct',
    }));
    if (groups.length) out.groups = groups;
    const ent = out[ENTERPRISE_URN];
    if (isObj(ent) && isObj(ent.manager) && typeof ent.manager.value === 'string') {
      const manager = env.find(ent.manager.value);
      ent.manager.$ref ??= `${env.base}/Users/${ent.manager.value}`;
      if (manager?.display !== undefined) ent.manager.displayName = manager.display;
    }
  } else if ('members' in out) {
    out.members = renderMembers(out.members, env);
  }
  const meta = isObj(stored.meta) ? stored.meta : {};
  out.meta = {
    resourceType: rt.name,
    created: meta.created,
    lastModified: meta.lastModified,
    location: `${env.base}${rt.endpoint}/${id}`,
  };
  if (env.etag) {
    // Hash stored content plus computed group membership, so the version does not depend on the request's host.
    const { password: _password, ...visible } = stored;
    const groups = rt.id === 'User' ? env.groupsOf(id).map((g) => [g.id, g.displayName]) : [];
    (out.meta as Obj).version = weakEtag({ visible, groups });
  }
  return out;
}
