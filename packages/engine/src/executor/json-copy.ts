/**
 * copyJson: the plain-data copy `JSON.parse(JSON.stringify(value))` would give (strings redacted), made in one walk
 * without the JSON text, with bounds on that text's UTF-8 size. Gives up (NOT_COPIED) on anything whose JSON form
 * is not the value itself (class instances, toJSON, functions, `__proto__` keys), on cycles, on very deep values
 * and on values surely over the cap; callers then take the JSON round trip.
 */

/** copyJson could not copy the value exactly; serialise it instead. */
export const NOT_COPIED: unique symbol = Symbol('not copied');

/** Deeper than this is treated as a cycle (the JSON round trip then decides). */
const MAX_DEPTH = 100;
/** With an infinite cap: a value reaching the live context twice must not cost an exponential walk. */
const MAX_LOWER = 64 * 1024 * 1024;

const objectProto = Object.prototype;

// Walk state (the walk is synchronous and never re-entered). `upper` is a true upper bound on the UTF-8 bytes of the
// JSON text, separators included; `lower` a lower bound (separators left out) to give up early on large values.
let lower = 0;
let upper = 0;
let limit = 0;
let secrets: readonly string[] = [];

function redact(s: string): string {
  let out = s;
  for (const secret of secrets)
    if (secret && out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}

function copy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string': {
      const s = secrets.length > 0 ? redact(value) : value;
      // Each UTF-16 unit is 1 to 6 bytes of JSON (`\u001f`); quotes and a separator.
      lower += s.length + 2;
      upper += s.length * 6 + 3;
      return s;
    }
    case 'number':
      lower += 1;
      upper += 25;
      // JSON has no -0, NaN or Infinity: they come back as 0 and null.
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'boolean':
      lower += 4;
      upper += 6;
      return value;
    case 'object':
      break;
    default:
      return NOT_COPIED;
  }
  if (value === null) {
    lower += 4;
    upper += 5;
    return null;
  }
  // JSON.stringify calls a toJSON it finds (own, even non-enumerable): leave that to it.
  if (depth >= MAX_DEPTH || lower > limit || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return NOT_COPIED;
  }
  lower += 2;
  upper += 3;
  if (Array.isArray(value)) {
    const n = value.length;
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = value[i];
      if (v === undefined) {
        lower += 4;
        upper += 5;
        out[i] = null;
        continue;
      }
      const c = copy(v, depth + 1);
      if (c === NOT_COPIED) return NOT_COPIED;
      out[i] = c;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== objectProto && proto !== null) return NOT_COPIED;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    // `out.__proto__ = v` would set the prototype, not a key; JSON.parse makes it an own key.
    if (key === '__proto__') return NOT_COPIED;
    const c = copy(v, depth + 1);
    if (c === NOT_COPIED) return NOT_COPIED;
    out[key] = c;
    lower += key.length + 3;
    upper += key.length * 6 + 4;
  }
  return out;
}

/**
 * The JSON copy of an object or array and an upper bound (`bound`) on its JSON size in UTF-8 bytes, or NOT_COPIED.
 * Gives up as soon as the value is surely larger than `capBytes` (a preview needs the JSON text anyway).
 * @example copyJson({ a: [1, undefined] }, 1000, []) // { value: { a: [1, null] }, bound: 60 }
 */
export function copyJson(
  value: object,
  capBytes: number,
  secretList: readonly string[],
): { value: unknown; bound: number } | typeof NOT_COPIED {
  lower = 0;
  upper = 0;
  limit = Math.min(capBytes, MAX_LOWER);
  secrets = secretList;
  try {
    const out = copy(value, 0);
    if (out === NOT_COPIED || lower > limit) return NOT_COPIED;
    return { value: out, bound: upper };
  } catch {
    // A throwing getter or proxy: JSON.stringify will throw too and the caller records what it records then.
    return NOT_COPIED;
  } finally {
    secrets = [];
  }
}
