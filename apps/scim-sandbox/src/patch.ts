// Atomic SCIM PATCH (RFC 7644 §3.5.2) with Okta/Entra tolerances: works on a deep copy, commits only if all ops succeed.
import { badRequest } from './errors';
import { matchesElement } from './filter/evaluate';
import { type FilterNode, parsePatchPath } from './filter/parser';
import { elementFromFilter, matchesListed, sameValue } from './patch-values';
import { coerceSingle, coerceValue, fixPrimary } from './resource/coerce';
import { checkRequired } from './resource/normalize';
import { holderOf, isObj, type Obj, type ResolvedPath, resolvePath } from './schema/resolve';
import { type AttrDef, findAttr, type ResourceTypeDef } from './schema/types';

export type PatchOpName = 'add' | 'remove' | 'replace';

export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

interface Target {
  resolved: ResolvedPath;
  attr: AttrDef;
  filter?: FilterNode;
  sub?: AttrDef;
}

function target(rt: ResourceTypeDef, path: string): Target | 'extension' {
  const parsed = parsePatchPath(path);
  const resolved = resolvePath(rt, parsed.path);
  if (!resolved) throw badRequest('invalidPath', `unknown attribute path '${path}'`);
  if (!resolved.attr) {
    if (parsed.filter) throw badRequest('invalidPath', `'${path}' cannot take a filter`);
    return 'extension';
  }
  const attr = resolved.attr;
  if (!parsed.filter) return { resolved, attr, sub: resolved.sub };
  if (!attr.multiValued || attr.type !== 'complex' || resolved.sub)
    throw badRequest('invalidPath', `'${path}': a value filter needs a multi-valued complex attribute`);
  const sub = parsed.sub === undefined ? undefined : findAttr(attr.subAttributes, parsed.sub);
  if (parsed.sub !== undefined && !sub) throw badRequest('invalidPath', `unknown sub-attribute in '${path}'`);
  return { resolved, attr, filter: parsed.filter, sub };
}

/** Sets (or, for null, removes) a sub-attribute on one complex element. */
function setSub(el: Obj, sub: AttrDef, value: unknown, path: string): void {
  if (value === null) delete el[sub.name];
  else el[sub.name] = coerceSingle(sub, value, path);
}

function applyFiltered(
  op: PatchOpName,
  holder: Obj,
  t: Target & { filter: FilterNode },
  value: unknown,
  path: string,
) {
  const list = Array.isArray(holder[t.attr.name]) ? (holder[t.attr.name] as unknown[]) : [];
  const hits = list.filter((el) => matchesElement(t.attr, el, t.filter));
  if (op === 'remove') {
    if (t.sub) for (const el of hits) delete (el as Obj)[t.sub.name];
    else holder[t.attr.name] = list.filter((el) => !hits.includes(el));
  } else {
    if (!hits.length) {
      const fresh = op === 'add' ? elementFromFilter(t.attr, t.filter) : undefined;
      if (!fresh)
        throw badRequest('noTarget', `no value of '${t.attr.name}' matches the filter in '${path}'`);
      list.push(fresh);
      hits.push(fresh);
    }
    for (const el of hits) {
      if (!isObj(el)) continue;
      if (t.sub) setSub(el, t.sub, value, path);
      else Object.assign(el, coerceSingle(t.attr, value, path));
    }
    holder[t.attr.name] = list;
    fixPrimary(
      list,
      hits.find((h) => isObj(h) && h.primary === true),
    );
  }
  if (Array.isArray(holder[t.attr.name]) && !(holder[t.attr.name] as unknown[]).length)
    delete holder[t.attr.name];
}

function applyPlain(op: PatchOpName, holder: Obj, t: Target, value: unknown, path: string): void {
  const name = t.attr.name;
  const current = holder[name];
  if (t.sub) {
    const sub = t.sub;
    if (t.attr.multiValued) {
      for (const el of Array.isArray(current) ? current : [])
        if (isObj(el)) setSub(el, sub, op === 'remove' ? null : value, path);
    } else if (op === 'remove') {
      if (isObj(current)) delete current[sub.name];
    } else {
      const el = isObj(current) ? current : {};
      setSub(el, sub, value, path);
      holder[name] = el;
    }
  } else if (op === 'remove') {
    if (t.attr.multiValued && Array.isArray(value) && Array.isArray(current)) {
      holder[name] = current.filter((el) => !value.some((item) => matchesListed(el, item)));
    } else delete holder[name];
  } else if (value === null) {
    delete holder[name];
  } else if (t.attr.multiValued) {
    const incoming = coerceValue(t.attr, value, path) as unknown[];
    const base = op === 'add' && Array.isArray(current) ? current : [];
    const added = incoming.filter((v) => !base.some((b) => sameValue(t.attr, b, v)));
    const list = [...base, ...added];
    fixPrimary(
      list,
      added.find((h) => isObj(h) && h.primary === true),
    );
    holder[name] = list;
  } else if (t.attr.type === 'complex') {
    // RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes not given are left unchanged.
    holder[name] = { ...(isObj(current) ? current : {}), ...(coerceValue(t.attr, value, path) as Obj) };
  } else {
    holder[name] = coerceValue(t.attr, value, path);
  }
  const after = holder[name];
  if ((Array.isArray(after) && !after.length) || (isObj(after) && !Object.keys(after).length))
    delete holder[name];
}

/** Applies one operation at an explicit path. `fromValueMap` = a key of a no-path value (lenient: skip unknown/readOnly). */
function applyAt(
  rt: ResourceTypeDef,
  doc: Obj,
  op: PatchOpName,
  path: string,
  value: unknown,
  fromValueMap: boolean,
) {
  let t: Target | 'extension';
  try {
    t = target(rt, path);
  } catch (e) {
    if (fromValueMap) return;
    throw e;
  }
  if (t === 'extension') {
    const ext = resolvePath(rt, path)?.ext as string;
    if (op === 'remove') delete doc[ext];
    else if (!isObj(value)) throw badRequest('invalidValue', `value for '${path}' must be an object`);
    else for (const [k, v] of Object.entries(value)) applyAt(rt, doc, op, `${ext}:${k}`, v, true);
    return;
  }
  if (t.attr.mutability === 'readOnly' || t.sub?.mutability === 'readOnly') {
    if (fromValueMap) return;
    throw badRequest('mutability', `attribute '${path}' is readOnly`);
  }
  if (op !== 'remove' && value === undefined)
    throw badRequest('invalidValue', `operation '${op}' on '${path}' needs a value`);
  const holder = holderOf(doc, t.resolved, op !== 'remove');
  if (!holder) return;
  if (t.filter) applyFiltered(op, holder, { ...t, filter: t.filter }, value, path);
  else applyPlain(op, holder, t, value, path);
  if (t.resolved.ext && isObj(doc[t.resolved.ext]) && !Object.keys(doc[t.resolved.ext] as Obj).length)
    delete doc[t.resolved.ext];
}

/**
 * Applies PATCH operations in order to a deep copy of `stored`; returns the copy, or throws a ScimError
 * (leaving `stored` untouched). `op` is case-insensitive; an empty list is a no-op.
 * @example applyPatch(USER_TYPE, user, [{ op: 'Replace', value: { 'name.givenName': 'Al', active: 'False' } }])
 */
export function applyPatch(rt: ResourceTypeDef, stored: Obj, operations: PatchOperation[]): Obj {
  const doc = structuredClone(stored);
  for (const [index, operation] of operations.entries()) {
    const op = String(operation.op).toLowerCase();
    if (op !== 'add' && op !== 'remove' && op !== 'replace')
      throw badRequest('invalidSyntax', `Operations[${index}]: unknown op '${operation.op}'`);
    const path = operation.path?.trim();
    if (path) {
      applyAt(rt, doc, op, path, operation.value, false);
      continue;
    }
    if (op === 'remove') throw badRequest('noTarget', `Operations[${index}]: remove needs a path`);
    if (!isObj(operation.value))
      throw badRequest('invalidValue', `Operations[${index}]: ${op} without a path needs an object value`);
    for (const [key, v] of Object.entries(operation.value)) {
      if (key.toLowerCase() !== 'schemas') applyAt(rt, doc, op, key, v, true);
    }
  }
  checkRequired(rt, doc);
  return doc;
}
