// Resolves attribute paths (`name.givenName`, URN-qualified, case-insensitive) against a resource type.
import { COMMON_ATTRS, schemaById } from './defs';
import { type AttrDef, findAttr, type ResourceTypeDef } from './types';

export type Obj = Record<string, unknown>;

export interface ResolvedPath {
  /** URN of the extension that holds the attribute; undefined for core and common attributes. */
  ext?: string;
  /** The path names a whole extension object (`urn:…:enterprise:2.0:User`). */
  attr?: AttrDef;
  sub?: AttrDef;
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Splits `urn:…:attr.sub` into its schema URN (if any) and the `attr.sub` rest. */
function splitUrn(rt: ResourceTypeDef, raw: string): { schema: string; rest: string } | undefined {
  const lower = raw.toLowerCase();
  if (!lower.startsWith('urn:')) return { schema: rt.schema, rest: raw };
  for (const id of [rt.schema, ...rt.extensions]) {
    const l = id.toLowerCase();
    if (lower === l) return { schema: id, rest: '' };
    if (lower.startsWith(`${l}:`)) return { schema: id, rest: raw.slice(id.length + 1) };
  }
  return undefined;
}

/**
 * Resolves a path to its attribute definitions, or undefined if the resource type has no such attribute.
 * @example resolvePath(USER_TYPE, 'Name.GivenName') // { attr: name, sub: givenName }
 */
export function resolvePath(rt: ResourceTypeDef, raw: string): ResolvedPath | undefined {
  const split = splitUrn(rt, raw.trim());
  if (!split) return undefined;
  const ext = split.schema === rt.schema ? undefined : split.schema;
  if (split.rest === '') return ext ? { ext } : undefined;
  const dot = split.rest.indexOf('.');
  const attrName = dot < 0 ? split.rest : split.rest.slice(0, dot);
  const subName = dot < 0 ? undefined : split.rest.slice(dot + 1);
  const schema = schemaById(split.schema);
  const def = findAttr(schema?.attributes, attrName) ?? (ext ? undefined : findAttr(COMMON_ATTRS, attrName));
  if (!def) return undefined;
  if (subName === undefined) return { ext, attr: def };
  const sub = findAttr(def.subAttributes, subName);
  return sub ? { ext, attr: def, sub } : undefined;
}

/** The object that holds the resolved attribute: the resource itself or its extension object. */
export function holderOf(resource: Obj, path: ResolvedPath, create: boolean): Obj | undefined {
  if (!path.ext) return resource;
  const existing = resource[path.ext];
  if (isObj(existing)) return existing;
  if (!create) return undefined;
  const fresh: Obj = {};
  resource[path.ext] = fresh;
  return fresh;
}

/** Attribute definitions of a resource type's core schema plus the common attributes. */
export function coreAttrs(rt: ResourceTypeDef): AttrDef[] {
  return [...COMMON_ATTRS, ...(schemaById(rt.schema)?.attributes ?? [])];
}
