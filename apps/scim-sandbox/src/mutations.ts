// Create / replace / patch / delete of stored resources with uniqueness, member checks and persistence.
import { randomUUID } from 'node:crypto';
import { badRequest, notFound, ScimError } from './errors';
import { applyPatch, type PatchOperation } from './patch';
import { normalizeResource } from './resource/normalize';
import { GROUP_TYPE } from './schema/defs';
import { isObj, type Obj } from './schema/resolve';
import type { ResourceTypeDef } from './schema/types';

/** The raw, mutable side of the store that mutations work on. */
export interface Repo {
  /** The live array of stored resources of a type. */
  items(rt: ResourceTypeDef): Obj[];
  /** Finds any stored user or group by id. */
  findAny(id: string): { rt: ResourceTypeDef; stored: Obj } | undefined;
  /** Writes the data file (a no-op in memory). */
  persist(): void;
}

const now = (): string => new Date().toISOString();

/**
 * Finds a stored resource or throws 404.
 * @example findStored(repo, USER_TYPE, id)
 */
export function findStored(repo: Repo, rt: ResourceTypeDef, id: string): Obj {
  const found = repo.items(rt).find((r) => r.id === id);
  if (!found) throw notFound(`${rt.name} ${JSON.stringify(id)} not found`);
  return found;
}

/** 409 uniqueness when another resource already uses the (case-insensitive) userName or group displayName. */
function checkUnique(repo: Repo, rt: ResourceTypeDef, candidate: Obj, selfId?: string): void {
  const key = rt.id === 'User' ? 'userName' : 'displayName';
  const wanted = String(candidate[key]).toLowerCase();
  const clash = repo.items(rt).find((r) => r.id !== selfId && String(r[key]).toLowerCase() === wanted);
  if (clash)
    throw new ScimError(409, `${key} ${JSON.stringify(candidate[key])} is already in use`, 'uniqueness');
}

/** Group members: existing users/groups only, de-duplicated, stored as `{value, type}`. */
function sanitizeMembers(repo: Repo, rt: ResourceTypeDef, resource: Obj, selfId: string): void {
  if (rt.id !== 'Group' || !Array.isArray(resource.members)) return;
  const seen = new Set<string>();
  const members: Obj[] = [];
  for (const m of resource.members) {
    const id = isObj(m) ? m.value : undefined;
    if (typeof id !== 'string' || id === '')
      throw badRequest('invalidValue', 'each member needs a string value');
    const found = repo.findAny(id);
    if (!found || id === selfId)
      throw badRequest('invalidValue', `member ${JSON.stringify(id)} is not a known User or Group`);
    if (seen.has(id)) continue;
    seen.add(id);
    members.push({ value: id, type: found.rt.name });
  }
  if (members.length) resource.members = members;
  else delete resource.members;
}

/**
 * Creates a resource from a client body (RFC 7644 §3.3); `id` is honoured only when `options.id` is given (seeding).
 * @example createResource(repo, USER_TYPE, { userName: 'a@example.com' })
 */
export function createResource(
  repo: Repo,
  rt: ResourceTypeDef,
  body: Obj,
  options: { id?: string } = {},
): Obj {
  const resource = normalizeResource(rt, body);
  const id = options.id ?? randomUUID();
  if (repo.findAny(id)) throw new ScimError(409, `id ${JSON.stringify(id)} is already in use`, 'uniqueness');
  checkUnique(repo, rt, resource);
  sanitizeMembers(repo, rt, resource, id);
  if (rt.id === 'User' && resource.active === undefined) resource.active = true;
  const stamp = now();
  const stored: Obj = {
    id,
    ...resource,
    meta: { resourceType: rt.name, created: stamp, lastModified: stamp },
  };
  repo.items(rt).push(stored);
  repo.persist();
  return stored;
}

function commit(repo: Repo, rt: ResourceTypeDef, old: Obj, next: Obj): Obj {
  const meta = isObj(old.meta) ? old.meta : {};
  const merged: Obj = { id: old.id, ...next, meta };
  const { meta: _a, ...a } = old;
  const { meta: _b, ...b } = merged;
  if (JSON.stringify(a) === JSON.stringify(b)) return old;
  merged.meta = { ...meta, lastModified: now() };
  const list = repo.items(rt);
  list[list.indexOf(old)] = merged;
  repo.persist();
  return merged;
}

/** Replaces a resource (RFC 7644 §3.5.1): readOnly values are ignored, a missing password is kept. */
export function replaceResource(repo: Repo, rt: ResourceTypeDef, id: string, body: Obj): Obj {
  const old = findStored(repo, rt, id);
  const next = normalizeResource(rt, body);
  checkUnique(repo, rt, next, id);
  sanitizeMembers(repo, rt, next, id);
  if (rt.id === 'User' && next.password === undefined && old.password !== undefined)
    next.password = old.password;
  if (rt.id === 'User' && next.active === undefined) next.active = true;
  return commit(repo, rt, old, next);
}

/** Applies PATCH operations atomically (RFC 7644 §3.5.2); nothing is stored unless every operation succeeds. */
export function patchResource(
  repo: Repo,
  rt: ResourceTypeDef,
  id: string,
  operations: PatchOperation[],
): Obj {
  const old = findStored(repo, rt, id);
  const { id: _id, meta: _meta, ...current } = old;
  const next = applyPatch(rt, current, operations);
  checkUnique(repo, rt, next, id);
  sanitizeMembers(repo, rt, next, id);
  return commit(repo, rt, old, next);
}

/** Deletes a resource (RFC 7644 §3.6) and removes it from every group's members. */
export function deleteResource(repo: Repo, rt: ResourceTypeDef, id: string): void {
  const old = findStored(repo, rt, id);
  const list = repo.items(rt);
  list.splice(list.indexOf(old), 1);
  for (const group of repo.items(GROUP_TYPE)) {
    if (!Array.isArray(group.members)) continue;
    const kept = group.members.filter((m) => !(isObj(m) && m.value === id));
    if (kept.length !== group.members.length) {
      if (kept.length) group.members = kept;
      else delete group.members;
      group.meta = { ...(isObj(group.meta) ? group.meta : {}), lastModified: now() };
    }
  }
  repo.persist();
}
