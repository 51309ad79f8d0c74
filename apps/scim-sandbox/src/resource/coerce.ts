// Type coercion of incoming attribute values by their schema definition (Entra's "True"/"False" included).
import { badRequest } from '../errors';
import { isObj, type Obj } from '../schema/resolve';
import { type AttrDef, findAttr } from '../schema/types';

const invalid = (path: string, expected: string): never => {
  throw badRequest('invalidValue', `attribute '${path}' must be ${expected}`);
};

/** Coerces one simple value; booleans accept "True"/"False" strings, strings accept numbers. */
function coerceSimple(def: AttrDef, value: unknown, path: string): unknown {
  switch (def.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
        return value.trim().toLowerCase() === 'true';
      return invalid(path, 'a boolean');
    case 'integer':
    case 'decimal': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || Number.isNaN(n)) return invalid(path, 'a number');
      if (def.type === 'integer' && !Number.isInteger(n)) return invalid(path, 'an integer');
      return n;
    }
    case 'dateTime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        return invalid(path, 'an xsd:dateTime string');
      return value;
    default:
      if (typeof value === 'number') return String(value);
      if (typeof value !== 'string') return invalid(path, 'a string');
      return value;
  }
}

/** Coerces a complex value: known, writable sub-attributes only; nulls dropped. */
export function coerceComplex(def: AttrDef, value: unknown, path: string): Obj {
  if (!isObj(value)) return invalid(path, 'an object');
  const out: Obj = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = findAttr(def.subAttributes, key);
    if (!sub || sub.mutability === 'readOnly' || v === null || v === undefined) continue;
    out[sub.name] = coerceSimple(sub, v, `${path}.${sub.name}`);
  }
  return out;
}

/** Coerces a single (non-array) value of `def`, complex or simple. */
export function coerceSingle(def: AttrDef, value: unknown, path: string): unknown {
  return def.type === 'complex' ? coerceComplex(def, value, path) : coerceSimple(def, value, path);
}

/** At most one element of a multi-valued attribute may be primary (RFC 7643 §2.4). */
export function fixPrimary(values: unknown[], keep?: unknown): void {
  const primaries = values.filter((v) => isObj(v) && v.primary === true);
  if (primaries.length < 2) return;
  const winner = keep && primaries.includes(keep) ? keep : primaries[primaries.length - 1];
  for (const v of primaries) if (v !== winner && isObj(v)) v.primary = false;
}

/**
 * Coerces a whole attribute value; multi-valued attributes accept an array or a single element.
 * @example coerceValue(activeDef, 'False', 'active') // false
 */
export function coerceValue(def: AttrDef, value: unknown, path: string): unknown {
  if (!def.multiValued) return coerceSingle(def, value, path);
  const list = Array.isArray(value) ? value : [value];
  const out = list.filter((v) => v !== null && v !== undefined).map((v) => coerceSingle(def, v, path));
  fixPrimary(out);
  return out;
}
