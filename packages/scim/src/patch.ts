// Turns desired attribute values into minimal PatchOps, Entra-style value maps, or a modified resource for PUT.

import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from './constants';
import { ScimClientError } from './errors';
import { assertAttrName, type ParsedPath, parsePath } from './path';
import { isRecord, type JsonRecord } from './response';
import type { PatchOperation, ScimResource } from './types';

/** Desired values keyed by attribute path. `null` or `undefined` removes the attribute. */
export type Changes = Record<string, unknown>;

export interface NormalisedChange {
  path: string;
  parsed: ParsedPath;
  /** `undefined` means remove. */
  value: unknown;
}

const READ_ONLY = new Set(['id', 'meta', 'schemas', 'groups']);
const CORE_URNS = new Set([SCHEMA_USER.toLowerCase(), SCHEMA_GROUP.toLowerCase()]);

/** An extension object key: a known extension URN, or a URN whose last segment is capitalised (`…:2.0:User`). */
function isExtensionKey(key: string, value: unknown, extensionUrns: readonly string[]): boolean {
  if (!key.toLowerCase().startsWith('urn:') || !isRecord(value)) return false;
  if (extensionUrns.some((u) => u.toLowerCase() === key.toLowerCase())) return true;
  const last = key.slice(key.lastIndexOf(':') + 1);
  return /^[A-Z]/.test(last);
}

/** Validates paths, expands extension objects into URN-qualified paths and rejects readOnly attributes. */
export function normaliseChanges(
  changes: Changes,
  extensionUrns: readonly string[] = [SCHEMA_ENTERPRISE_USER],
): NormalisedChange[] {
  if (!isRecord(changes)) throw new ScimClientError('SCIM_INVALID_ARGUMENT', 'changes must be an object');
  const out: NormalisedChange[] = [];
  for (const [key, raw] of Object.entries(changes)) {
    if (isExtensionKey(key, raw, extensionUrns)) {
      for (const [sub, value] of Object.entries(raw as JsonRecord)) {
        const path = `${key}:${assertAttrName(sub)}`;
        out.push({ path, parsed: parsePath(path), value: value ?? undefined });
      }
      continue;
    }
    const parsed = parsePath(key);
    const isCore = !parsed.urn || CORE_URNS.has(parsed.urn.toLowerCase());
    if (isCore && READ_ONLY.has(parsed.attr.toLowerCase())) {
      throw new ScimClientError(
        'SCIM_INVALID_ARGUMENT',
        `attribute ${key} is read-only and cannot be updated`,
      );
    }
    out.push({ path: key, parsed, value: raw ?? undefined });
  }
  return out;
}

/**
 * One operation per attribute, with explicit paths (the most portable form).
 * @example buildPatchOperations({ 'name.givenName': 'Ann', title: null })
 *   // [{op:'replace',path:'name.givenName',value:'Ann'},{op:'remove',path:'title'}]
 */
export function buildPatchOperations(changes: Changes, extensionUrns?: readonly string[]): PatchOperation[] {
  return normaliseChanges(changes, extensionUrns).map((c) =>
    c.value === undefined ? { op: 'remove', path: c.path } : { op: 'replace', path: c.path, value: c.value },
  );
}

/**
 * One no-path `replace` whose value map uses dotted and URN-qualified keys (Entra's aadOptscim062020 form).
 * Paths with value filters and removals become their own operations.
 */
export function buildValueMapOperations(
  changes: Changes,
  extensionUrns?: readonly string[],
): PatchOperation[] {
  const map: JsonRecord = {};
  const extra: PatchOperation[] = [];
  for (const c of normaliseChanges(changes, extensionUrns)) {
    if (c.value === undefined) extra.push({ op: 'remove', path: c.path });
    else if (c.parsed.filterText !== undefined) extra.push({ op: 'replace', path: c.path, value: c.value });
    else map[c.path] = c.value;
  }
  return Object.keys(map).length > 0 ? [{ op: 'replace', value: map }, ...extra] : extra;
}

function findKey(obj: JsonRecord, name: string): string {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower) ?? name;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function containerFor(resource: JsonRecord, parsed: ParsedPath): JsonRecord {
  if (!parsed.urn || CORE_URNS.has(parsed.urn.toLowerCase())) return resource;
  const key = findKey(resource, parsed.urn);
  if (!isRecord(resource[key])) resource[key] = {};
  const schemas = Array.isArray(resource.schemas) ? resource.schemas : [];
  if (!schemas.some((s) => typeof s === 'string' && s.toLowerCase() === parsed.urn!.toLowerCase())) {
    resource.schemas = [...schemas, parsed.urn];
  }
  return resource[key] as JsonRecord;
}

function applyOne(resource: JsonRecord, change: NormalisedChange): void {
  const { parsed, value } = change;
  const target = containerFor(resource, parsed);
  const key = findKey(target, parsed.attr);
  if (!parsed.filter) {
    if (!parsed.sub) {
      if (value === undefined) delete target[key];
      else target[key] = value;
      return;
    }
    if (!isRecord(target[key])) {
      if (value === undefined) return;
      target[key] = {};
    }
    const inner = target[key] as JsonRecord;
    const subKey = findKey(inner, parsed.sub);
    if (value === undefined) delete inner[subKey];
    else inner[subKey] = value;
    return;
  }
  const clauses = parsed.filter;
  const list = Array.isArray(target[key]) ? [...(target[key] as unknown[])] : [];
  const matches = (el: unknown): el is JsonRecord =>
    isRecord(el) && clauses.every((c) => same(el[findKey(el, c.attr)], c.value));
  const seed = Object.fromEntries(clauses.map((c) => [c.attr, c.value]));
  let next: unknown[];
  if (value === undefined) {
    next = parsed.sub
      ? list.map((el) => {
          if (!matches(el)) return el;
          const copy = { ...el };
          delete copy[findKey(copy, parsed.sub!)];
          return copy;
        })
      : list.filter((el) => !matches(el));
  } else {
    const replacement = (el: JsonRecord) =>
      parsed.sub
        ? { ...el, [findKey(el, parsed.sub)]: value }
        : isRecord(value)
          ? { ...el, ...value }
          : value;
    next = list.map((el) => (matches(el) ? replacement(el) : el));
    if (!list.some(matches)) next.push(replacement(seed));
  }
  target[key] = next;
}

/** Applies changes to a copy of `resource` (used for GET+PUT updates). */
export function applyChanges<T extends ScimResource>(
  resource: T,
  changes: Changes,
  extensionUrns?: readonly string[],
): T {
  const copy = structuredClone(resource) as JsonRecord;
  for (const change of normaliseChanges(changes, extensionUrns)) applyOne(copy, change);
  return copy as T;
}

/** The body for PUT: the resource without readOnly `id`, `meta` and `groups`. */
export function toPutBody<T extends ScimResource>(resource: T, defaultSchema: string): JsonRecord {
  const body: JsonRecord = {};
  for (const [k, v] of Object.entries(resource)) {
    if (!['id', 'meta', 'groups'].includes(k.toLowerCase())) body[k] = v;
  }
  if (!Array.isArray(body.schemas) || body.schemas.length === 0) body.schemas = [defaultSchema];
  return body;
}

/** True when `ops` would leave `resource` unchanged (used to keep deactivate idempotent on PUT servers). */
export function alreadyApplied(resource: ScimResource, changes: Changes): boolean {
  const after = applyChanges(resource, changes);
  return JSON.stringify(after) === JSON.stringify(resource);
}
