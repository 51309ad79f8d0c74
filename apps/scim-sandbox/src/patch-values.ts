// Helpers for PATCH on multi-valued attributes: equality, Entra's legacy value-list remove, elements from filters.
import type { FilterNode } from './filter/parser';
import { isObj, type Obj } from './schema/resolve';
import { type AttrDef, findAttr } from './schema/types';

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : isObj(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys(v[k])]),
        )
      : v;

/** Equality used to de-duplicate added values; members compare by `value` only. */
export function sameValue(def: AttrDef, a: unknown, b: unknown): boolean {
  if (def.name === 'members' && isObj(a) && isObj(b)) return a.value === b.value;
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

/** Entra's legacy `{"op":"Remove","path":"members","value":[{"value":"id"}]}`: does `el` match a listed item? */
export function matchesListed(el: unknown, item: unknown): boolean {
  if (!isObj(item)) return el === item || (isObj(el) && el.value === item);
  if (!isObj(el)) return false;
  const keys = Object.keys(item).filter((k) => item[k] !== null && k !== '$ref' && k !== 'display');
  return keys.length > 0 && keys.every((k) => el[k] === item[k]);
}

/**
 * Builds a new element from a valuePath filter made only of `eq` comparisons joined by `and`
 * (`emails[type eq "work"]` → `{type:"work"}`), for Entra's `Add` on a value that does not exist yet.
 */
export function elementFromFilter(def: AttrDef, filter: FilterNode): Obj | undefined {
  if (filter.type === 'and') {
    const left = elementFromFilter(def, filter.left);
    const right = elementFromFilter(def, filter.right);
    return left && right ? { ...left, ...right } : undefined;
  }
  if (filter.type !== 'compare' || filter.op !== 'eq') return undefined;
  const sub = findAttr(def.subAttributes, filter.path);
  return sub ? { [sub.name]: filter.value } : undefined;
}
