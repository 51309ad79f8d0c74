/** Subset matching for test expectations, with the failing JSON path, expected and actual values. */

export interface Mismatch {
  path: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isAbsentMarker = (v: unknown) => isObject(v) && v.$absent === true && Object.keys(v).length === 1;

function keyPath(base: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;
}

/**
 * Checks that `actual` contains `expected`: objects may have extra keys; each element of an expected array must
 * match a different element of the actual array, in any order (an expected `[]` needs an empty array);
 * `"$any"` matches any present value; `{ "$absent": true }` needs the key to be missing.
 * Returns the mismatches (empty when it matches).
 * @example matchSubset({ a: 1 }, { a: 1, b: 2 }) // []
 */
export function matchSubset(expected: unknown, actual: unknown, path = '$'): Mismatch[] {
  if (expected === '$any') {
    return actual === undefined ? [{ path, message: 'expected a value, found none', expected, actual }] : [];
  }
  if (isAbsentMarker(expected)) {
    return actual === undefined ? [] : [{ path, message: 'expected no value', expected: undefined, actual }];
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return [{ path, message: 'expected an object', expected, actual }];
    return Object.entries(expected).flatMap(([k, v]) => matchSubset(v, actual[k], keyPath(path, k)));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, message: 'expected an array', expected, actual }];
    if (expected.length === 0) {
      return actual.length === 0 ? [] : [{ path, message: 'expected an empty array', expected, actual }];
    }
    return matchArray(expected, actual, path);
  }
  if (Object.is(expected, actual) || expected === actual) return [];
  return [{ path, message: actual === undefined ? 'missing' : 'different value', expected, actual }];
}

/** Each expected element claims a distinct actual element (greedy, exact matches first). */
function matchArray(expected: unknown[], actual: unknown[], path: string): Mismatch[] {
  const used = new Set<number>();
  const out: Mismatch[] = [];
  expected.forEach((exp, i) => {
    let best: { index: number; mismatches: Mismatch[] } | undefined;
    for (let j = 0; j < actual.length; j++) {
      if (used.has(j)) continue;
      const mismatches = matchSubset(exp, actual[j], `${path}[${j}]`);
      if (mismatches.length === 0) {
        best = { index: j, mismatches };
        break;
      }
      if (!best || mismatches.length < best.mismatches.length) best = { index: j, mismatches };
    }
    if (best && best.mismatches.length === 0) {
      used.add(best.index);
      return;
    }
    if (!best) {
      out.push({ path: `${path}[${i}]`, message: 'no element left to match', expected: exp, actual });
      return;
    }
    out.push({
      path: `${path}[${i}]`,
      message: `no element matches; the closest, ${path}[${best.index}], differs at ${best.mismatches
        .map((m) => m.path)
        .join(', ')}`,
      expected: exp,
      actual: actual[best.index],
    });
  });
  return out;
}

/** Readable lines for mismatches: the path, then expected and actual values. */
export function formatMismatches(mismatches: Mismatch[], indent = '    '): string[] {
  const show = (v: unknown) => (v === undefined ? '(missing)' : JSON.stringify(v));
  return mismatches.flatMap((m) => [
    `${indent}at ${m.path}: ${m.message}`,
    `${indent}  expected: ${show(m.expected)}`,
    `${indent}  actual:   ${show(m.actual)}`,
  ]);
}

/** Keys that name a resource; a candidate that agrees on them is the "closest" one to report. */
const IDENTITY_KEYS = ['id', 'userName', 'displayName', 'externalId', 'value'];

function identityAgrees(expected: unknown, candidate: unknown): boolean {
  if (!isObject(expected) || !isObject(candidate)) return false;
  const keys = IDENTITY_KEYS.filter((k) => typeof expected[k] === 'string');
  return keys.length > 0 && keys.every((k) => expected[k] === candidate[k]);
}

/**
 * Each expected subset must match some candidate (independently; two subsets may match the same candidate).
 * A miss reports the closest candidate: one with the same id/userName/displayName, else the fewest mismatches.
 * With `absent`, no candidate may match instead.
 */
export function matchEach(
  expected: unknown[],
  candidates: unknown[],
  path: string,
  absent = false,
): Mismatch[] {
  return expected.flatMap((exp, i) => {
    let best: { index: number; mismatches: Mismatch[]; same: boolean } | undefined;
    for (let j = 0; j < candidates.length; j++) {
      const mismatches = matchSubset(exp, candidates[j], `${path}[${i}]`);
      if (mismatches.length === 0) {
        return absent
          ? [
              {
                path: `${path}[${i}]`,
                message: 'expected no match, but one exists',
                expected: exp,
                actual: candidates[j],
              },
            ]
          : [];
      }
      const same = identityAgrees(exp, candidates[j]);
      const better =
        !best || (same && !best.same) || (same === best.same && mismatches.length < best.mismatches.length);
      if (better) best = { index: j, mismatches, same };
    }
    if (absent) return [];
    if (!best) return [{ path: `${path}[${i}]`, message: 'no resources at all', expected: exp, actual: [] }];
    return [
      {
        path: `${path}[${i}]`,
        message: `no resource matches; the closest differs at ${best.mismatches.map((m) => m.path).join(', ')}`,
        expected: exp,
        actual: candidates[best.index],
      },
    ];
  });
}
