/** Maps flat node attributes to a SCIM user, and diffs them against a current user into minimal changes. */
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER, type ScimUser } from '@idflow/scim';
import { jsonEqual } from '../../shared/values';
import type { UserAttributes } from './config-fields';

const SIMPLE = ['userName', 'externalId', 'displayName', 'title', 'active'] as const;
const NAME = { givenName: 'name.givenName', familyName: 'name.familyName' } as const;
const ENTERPRISE = ['employeeNumber', 'department', 'costCenter', 'organization', 'division'] as const;
const MULTI = ['emails', 'phoneNumbers'] as const;

type Multi = NonNullable<UserAttributes['emails']>;

/** The new user's body: nulls and undefined left out, enterprise fields under their URN. */
export function toScimUser(attrs: UserAttributes, managerId?: string): ScimUser {
  const user: Record<string, unknown> = { schemas: [SCHEMA_USER] };
  for (const key of SIMPLE) if (attrs[key] != null) user[key] = attrs[key];
  const name: Record<string, string> = {};
  if (attrs.givenName != null) name.givenName = attrs.givenName;
  if (attrs.familyName != null) name.familyName = attrs.familyName;
  if (Object.keys(name).length) user.name = name;
  for (const key of MULTI) if (attrs[key]?.length) user[key] = attrs[key];
  const ent: Record<string, unknown> = {};
  for (const key of ENTERPRISE) if (attrs[key] != null) ent[key] = attrs[key];
  if (managerId) ent.manager = { value: managerId };
  if (Object.keys(ent).length) {
    user[SCHEMA_ENTERPRISE_USER] = ent;
    user.schemas = [SCHEMA_USER, SCHEMA_ENTERPRISE_USER];
  }
  for (const [path, value] of Object.entries(attrs.extra ?? {}))
    if (value !== undefined) setPath(user, path, value);
  if (user.active === undefined) user.active = true;
  return user as ScimUser;
}

/** Reads `attr`, `attr.sub`, or `urn:…:attr[.sub]` from a resource, attribute names case-insensitive. */
export function readPath(resource: Record<string, unknown>, path: string): unknown {
  const { container, rest } = splitUrn(resource, path);
  let node: unknown = container;
  for (const part of rest.split('.')) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    const obj = node as Record<string, unknown>;
    const key = Object.keys(obj).find((k) => k.toLowerCase() === part.toLowerCase());
    node = key === undefined ? undefined : obj[key];
  }
  return node;
}

function splitUrn(resource: Record<string, unknown>, path: string): { container: unknown; rest: string } {
  if (!path.toLowerCase().startsWith('urn:')) return { container: resource, rest: path };
  const cut = path.lastIndexOf(':');
  const urn = path.slice(0, cut);
  const key = Object.keys(resource).find((k) => k.toLowerCase() === urn.toLowerCase());
  if (urn.toLowerCase() === SCHEMA_USER.toLowerCase())
    return { container: resource, rest: path.slice(cut + 1) };
  return { container: key === undefined ? undefined : resource[key], rest: path.slice(cut + 1) };
}

function setPath(resource: Record<string, unknown>, path: string, value: unknown): void {
  let target = resource;
  let rest = path;
  if (path.toLowerCase().startsWith('urn:')) {
    const cut = path.lastIndexOf(':');
    const urn = path.slice(0, cut);
    rest = path.slice(cut + 1);
    if (urn.toLowerCase() !== SCHEMA_USER.toLowerCase()) {
      if (!resource[urn] || typeof resource[urn] !== 'object') resource[urn] = {};
      target = resource[urn] as Record<string, unknown>;
      const schemas = resource.schemas as string[];
      if (!schemas.includes(urn)) schemas.push(urn);
    }
  }
  const [head, sub] = rest.split('.');
  if (head === undefined) return;
  if (sub === undefined) target[head] = value;
  else {
    if (!target[head] || typeof target[head] !== 'object') target[head] = {};
    (target[head] as Record<string, unknown>)[sub] = value;
  }
}

function normMulti(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
    .map((e) => `${String(e.value ?? '').toLowerCase()}|${String(e.type ?? '')}|${e.primary === true}`)
    .sort();
}

function sameMulti(desired: Multi, current: unknown): boolean {
  return jsonEqual(normMulti(desired), normMulti(current));
}

/** Strings compare exactly except userName, which SCIM treats case-insensitively. */
function sameValue(path: string, desired: unknown, current: unknown): boolean {
  if (path === 'userName' && typeof desired === 'string' && typeof current === 'string') {
    return desired.toLowerCase() === current.toLowerCase();
  }
  return jsonEqual(desired, current);
}

/**
 * The attribute paths whose desired value differs from `current`, with their new values (`null` removes).
 * Only attributes set in `attrs` are compared; everything else is left alone.
 */
export function diffUser(
  current: ScimUser,
  attrs: UserAttributes,
  managerId?: string | null,
): Record<string, unknown> {
  const cur = current as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  const consider = (path: string, desired: unknown) => {
    if (desired === undefined) return;
    const now = readPath(cur, path);
    if (desired === null ? now === undefined || now === null : sameValue(path, desired, now)) return;
    changes[path] = desired;
  };
  for (const key of SIMPLE) consider(key, attrs[key]);
  for (const [key, path] of Object.entries(NAME)) consider(path, attrs[key as keyof typeof NAME]);
  for (const key of MULTI) {
    const desired = attrs[key];
    if (desired === undefined) continue;
    if (desired === null ? readPath(cur, key) == null : sameMulti(desired, readPath(cur, key))) continue;
    changes[key] = desired;
  }
  for (const key of ENTERPRISE) consider(`${SCHEMA_ENTERPRISE_USER}:${key}`, attrs[key]);
  if (managerId !== undefined) {
    const path = `${SCHEMA_ENTERPRISE_USER}:manager`;
    const now = readPath(cur, `${path}.value`);
    if (managerId === null ? now != null : now !== managerId)
      changes[path] = managerId === null ? null : { value: managerId };
  }
  for (const [path, value] of Object.entries(attrs.extra ?? {})) consider(path, value);
  return changes;
}
