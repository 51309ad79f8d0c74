// Evaluates parsed SCIM filters against resources, honouring caseExact, types and multi-valued "any" semantics.
import { badRequest } from '../errors';
import { holderOf, isObj, type Obj, resolvePath } from '../schema/resolve';
import { type AttrDef, findAttr, type ResourceTypeDef } from '../schema/types';
import type { CompareOp, FilterNode, Literal } from './parser';

/** Where inner paths are resolved: the resource itself, or one element of a multi-valued attribute. */
type Scope = { kind: 'resource'; rt: ResourceTypeDef } | { kind: 'element'; parent: AttrDef };

interface Values {
  def?: AttrDef;
  values: unknown[];
}

const ORDERING = new Set<CompareOp>(['gt', 'ge', 'lt', 'le']);
const SUBSTRING = new Set<CompareOp>(['co', 'sw', 'ew']);

const flat = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** Complex attributes compared without a sub-attribute use their `value` sub-attribute (RFC 7644 §3.4.2.2). */
function leaf(def: AttrDef, raw: unknown[]): Values {
  if (def.type !== 'complex') return { def, values: raw };
  const valueDef = findAttr(def.subAttributes, 'value');
  return { def: valueDef, values: valueDef ? raw.map((el) => (isObj(el) ? el.value : undefined)) : [] };
}

function lookup(scope: Scope, target: unknown, path: string): { def?: AttrDef; raw: unknown[] } {
  if (scope.kind === 'element') {
    const def = findAttr(scope.parent.subAttributes, path);
    return { def, raw: def && isObj(target) ? flat(target[def.name]) : [] };
  }
  const resolved = resolvePath(scope.rt, path);
  if (!resolved?.attr || !isObj(target)) return { raw: [] };
  const holder = holderOf(target, resolved, false);
  const raw = flat(holder?.[resolved.attr.name]);
  if (!resolved.sub) return { def: resolved.attr, raw };
  const sub = resolved.sub;
  return { def: sub, raw: raw.flatMap((el) => (isObj(el) ? flat(el[sub.name]) : [])) };
}

function valuesAt(scope: Scope, target: unknown, path: string): Values {
  const { def, raw } = lookup(scope, target, path);
  return def ? leaf(def, raw) : { values: [] };
}

const toBool = (v: unknown): unknown =>
  typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : v;

function normalise(v: unknown, def: AttrDef | undefined): unknown {
  if (def?.type === 'boolean') return toBool(v);
  if (def?.type === 'dateTime' && typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? v : t;
  }
  if (typeof v === 'string' && !def?.caseExact) return v.toLowerCase();
  return v;
}

function compareOne(actual: unknown, op: CompareOp, expected: unknown): boolean {
  if (op === 'eq') return actual === expected;
  if (SUBSTRING.has(op)) {
    if (typeof actual !== 'string' || typeof expected !== 'string') return false;
    if (op === 'co') return actual.includes(expected);
    return op === 'sw' ? actual.startsWith(expected) : actual.endsWith(expected);
  }
  if (typeof actual !== typeof expected || (typeof actual !== 'string' && typeof actual !== 'number'))
    return false;
  const a = actual as string | number;
  const b = expected as string | number;
  if (op === 'gt') return a > b;
  if (op === 'ge') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}

/** Rejects operator/type combinations the RFC forbids (400 invalidFilter). */
function checkOperator(def: AttrDef | undefined, op: CompareOp, value: Literal, path: string): void {
  if (def?.type === 'boolean' && (ORDERING.has(op) || SUBSTRING.has(op)))
    throw badRequest('invalidFilter', `operator '${op}' is not allowed on boolean attribute '${path}'`);
  if (def?.type === 'binary' && ORDERING.has(op))
    throw badRequest('invalidFilter', `operator '${op}' is not allowed on binary attribute '${path}'`);
  if (SUBSTRING.has(op) && typeof value !== 'string')
    throw badRequest('invalidFilter', `operator '${op}' needs a string value`);
}

function compare(scope: Scope, target: unknown, node: Extract<FilterNode, { type: 'compare' }>): boolean {
  const { def, values } = valuesAt(scope, target, node.path);
  checkOperator(def, node.op, node.value, node.path);
  const present = values.filter((v) => v !== undefined && v !== null);
  if (node.value === null)
    return node.op === 'eq' ? present.length === 0 : node.op === 'ne' && present.length > 0;
  const expected = normalise(node.value, def);
  if (node.op === 'ne') return !present.some((v) => compareOne(normalise(v, def), 'eq', expected));
  return present.some((v) => compareOne(normalise(v, def), node.op, expected));
}

const isPresent = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  v !== '' &&
  !(Array.isArray(v) && v.length === 0) &&
  !(isObj(v) && !Object.keys(v).length);

function evalIn(scope: Scope, target: unknown, node: FilterNode): boolean {
  switch (node.type) {
    case 'and':
      return evalIn(scope, target, node.left) && evalIn(scope, target, node.right);
    case 'or':
      return evalIn(scope, target, node.left) || evalIn(scope, target, node.right);
    case 'not':
      return !evalIn(scope, target, node.filter);
    case 'present':
      return lookup(scope, target, node.path).raw.some(isPresent);
    case 'compare':
      return compare(scope, target, node);
    case 'valuePath': {
      const { def, raw } = lookup(scope, target, node.path);
      if (def?.type !== 'complex') return false;
      const inner: Scope = { kind: 'element', parent: def };
      return raw.some((el) => evalIn(inner, el, node.filter));
    }
  }
}

/**
 * True when `resource` matches `filter`. Throws 400 invalidFilter for forbidden operator/type pairs.
 * @example matches(USER_TYPE, user, parseFilter('userName eq "ALICE@example.com"'))
 */
export function matches(rt: ResourceTypeDef, resource: Obj, filter: FilterNode): boolean {
  return evalIn({ kind: 'resource', rt }, resource, filter);
}

/** Evaluates a filter whose paths are sub-attributes of one element of `parent` (PATCH valuePath filters). */
export function matchesElement(parent: AttrDef, element: unknown, filter: FilterNode): boolean {
  return evalIn({ kind: 'element', parent }, element, filter);
}

/** Checks operator/type combinations up front, so that a bad filter fails even when nothing is stored. */
export function checkFilter(rt: ResourceTypeDef, node: FilterNode, parent?: AttrDef): void {
  if (node.type === 'and' || node.type === 'or') {
    checkFilter(rt, node.left, parent);
    checkFilter(rt, node.right, parent);
  } else if (node.type === 'not') checkFilter(rt, node.filter, parent);
  else if (node.type === 'valuePath') {
    const def = parent ? findAttr(parent.subAttributes, node.path) : resolvePath(rt, node.path)?.attr;
    if (def) checkFilter(rt, node.filter, def);
  } else if (node.type === 'compare') {
    const resolved = parent ? undefined : resolvePath(rt, node.path);
    const def = parent ? findAttr(parent.subAttributes, node.path) : (resolved?.sub ?? resolved?.attr);
    checkOperator(def, node.op, node.value, node.path);
  }
}
