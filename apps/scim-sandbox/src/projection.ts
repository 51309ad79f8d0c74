// `attributes` / `excludedAttributes` projection (RFC 7644 §3.4.2.5, §3.9); id and schemas are always returned.
import { holderOf, isObj, type Obj, type ResolvedPath, resolvePath } from './schema/resolve';
import type { ResourceTypeDef } from './schema/types';

export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** Splits a comma-separated query value (or accepts a string array from a SearchRequest). */
export function parseAttrList(value: unknown): string[] | undefined {
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const list = parts
    .filter((p): p is string => typeof p === 'string')
    .map((p) => p.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

function pick(source: Obj, out: Obj, path: ResolvedPath): void {
  if (!path.attr) {
    if (path.ext && isObj(source[path.ext])) out[path.ext] = source[path.ext];
    return;
  }
  const from = holderOf(source, path, false);
  const value = from?.[path.attr.name];
  if (value === undefined) return;
  const into = holderOf(out, path, true) as Obj;
  if (!path.sub) {
    into[path.attr.name] = value;
    return;
  }
  const sub = path.sub.name;
  if (Array.isArray(value)) {
    const prev = Array.isArray(into[path.attr.name])
      ? (into[path.attr.name] as Obj[])
      : value.map((): Obj => ({}));
    value.forEach((el, i) => {
      if (isObj(el) && el[sub] !== undefined && prev[i]) prev[i][sub] = el[sub];
    });
    into[path.attr.name] = prev;
  } else if (isObj(value) && value[sub] !== undefined) {
    const prev = isObj(into[path.attr.name]) ? (into[path.attr.name] as Obj) : {};
    prev[sub] = value[sub];
    into[path.attr.name] = prev;
  }
}

function drop(resource: Obj, path: ResolvedPath): void {
  if (!path.attr) {
    if (path.ext) delete resource[path.ext];
    return;
  }
  if (path.attr.returned === 'always' || path.sub?.returned === 'always') return;
  const holder = holderOf(resource, path, false);
  if (!holder) return;
  if (!path.sub) {
    delete holder[path.attr.name];
    return;
  }
  const sub = path.sub.name;
  const value = holder[path.attr.name];
  for (const el of Array.isArray(value) ? value : [value]) if (isObj(el)) delete el[sub];
}

/**
 * Applies attribute projection to a rendered resource; unknown attribute names are ignored.
 * @example project(USER_TYPE, user, { attributes: ['userName'] }) // { schemas, id, userName }
 */
export function project(rt: ResourceTypeDef, resource: Obj, projection: Projection): Obj {
  const { attributes, excludedAttributes } = projection;
  if (attributes?.length) {
    const out: Obj = { schemas: resource.schemas, id: resource.id };
    for (const raw of attributes) {
      const path = resolvePath(rt, raw);
      if (path) pick(resource, out, path);
    }
    return out;
  }
  if (!excludedAttributes?.length) return resource;
  const out = structuredClone(resource);
  for (const raw of excludedAttributes) {
    const path = resolvePath(rt, raw);
    if (path) drop(out, path);
  }
  return out;
}
