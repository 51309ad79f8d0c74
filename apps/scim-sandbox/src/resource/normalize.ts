// Turns a POST/PUT body into the stored form: canonical names, coerced types, readOnly and unknown keys dropped.
import { badRequest } from '../errors';
import { schemaById } from '../schema/defs';
import { holderOf, isObj, type Obj, resolvePath } from '../schema/resolve';
import type { ResourceTypeDef } from '../schema/types';
import { coerceValue } from './coerce';

function setAttr(rt: ResourceTypeDef, out: Obj, path: string, value: unknown): void {
  const resolved = resolvePath(rt, path);
  if (!resolved?.attr || resolved.attr.mutability === 'readOnly' || value === null || value === undefined)
    return;
  const holder = holderOf(out, resolved, true);
  if (!holder) return;
  if (resolved.sub) {
    if (resolved.attr.multiValued || resolved.sub.mutability === 'readOnly') return;
    const parent = isObj(holder[resolved.attr.name]) ? (holder[resolved.attr.name] as Obj) : {};
    parent[resolved.sub.name] = coerceValue(resolved.sub, value, path);
    holder[resolved.attr.name] = parent;
    return;
  }
  holder[resolved.attr.name] = coerceValue(resolved.attr, value, path);
}

/**
 * Normalises a client-supplied resource body for storage (RFC 7644 §3.3, §3.5.1).
 * Keys may be any case, dotted (`name.givenName`) or URN-qualified; extension objects are keyed by URN.
 * @example normalizeResource(USER_TYPE, { UserName: 'a', active: 'True', id: 'ignored' })
 */
export function normalizeResource(rt: ResourceTypeDef, body: Obj): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    const ext = rt.extensions.find((u) => u.toLowerCase() === key.toLowerCase());
    if (ext) {
      if (value === null) continue;
      if (!isObj(value)) throw badRequest('invalidValue', `'${ext}' must be an object`);
      for (const [sub, v] of Object.entries(value)) setAttr(rt, out, `${ext}:${sub}`, v);
      continue;
    }
    setAttr(rt, out, key, value);
  }
  for (const ext of rt.extensions) if (isObj(out[ext]) && Object.keys(out[ext]).length === 0) delete out[ext];
  checkRequired(rt, out);
  return out;
}

/** Throws 400 invalidValue when a required core attribute is missing or empty. */
export function checkRequired(rt: ResourceTypeDef, resource: Obj): void {
  for (const def of schemaById(rt.schema)?.attributes ?? []) {
    const v = resource[def.name];
    if (def.required && (v === undefined || v === null || v === ''))
      throw badRequest('invalidValue', `attribute '${def.name}' is required`);
  }
}

/** The `schemas` array of a stored resource: the core URN plus each extension it carries. */
export function schemasOf(rt: ResourceTypeDef, resource: Obj): string[] {
  return [rt.schema, ...rt.extensions.filter((u) => isObj(resource[u]))];
}
