import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyJson, NOT_COPIED } from './json-copy';

const CAP = 64 * 1024;
const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v));
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

function copied(v: object, secrets: string[] = []) {
  const out = copyJson(v, CAP, secrets);
  if (out === NOT_COPIED) throw new Error('not copied');
  return out;
}

describe('copyJson', () => {
  it('gives what the JSON round trip gives, as a new value, with a bound on its UTF-8 size', () => {
    const nullProto = Object.assign(Object.create(null) as object, { a: 1 });
    const values: object[] = [
      {},
      [],
      { a: 1, b: 'x', c: true, d: null, e: undefined, f: [1, undefined, null] },
      { 2: 'two', 1: 'one', z: 'z', a: 'a' },
      { n: [-0, 0, 1.5e300, Number.NaN, Number.POSITIVE_INFINITY, -7] },
      // biome-ignore lint/suspicious/noSparseArray: a hole, which JSON writes as null
      [1, , 3],
      { s: 'ünïcødé 😀 \u0001\u001f "quoted" \\ \n\t', lone: '\ud800x\udc00' },
      { deep: { deeper: { deepest: [{ x: [[['y']]] }] } } },
      nullProto,
    ];
    for (const v of values) {
      const out = copied(v);
      expect(out.value).toStrictEqual(roundTrip(v));
      expect(out.value).not.toBe(v);
      expect(out.bound).toBeGreaterThanOrEqual(bytes(v));
    }
  });

  it('matches the JSON round trip on generated JSON values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())), (v) => {
        const out = copyJson(v, CAP, []);
        // A generated `__proto__` key is left to the round trip.
        if (out === NOT_COPIED) return JSON.stringify(v).includes('"__proto__"');
        expect(out.value).toStrictEqual(roundTrip(v));
        expect(out.bound).toBeGreaterThanOrEqual(bytes(v));
        return true;
      }),
    );
  });

  it('leaves to the JSON round trip what it cannot copy exactly', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    let deep: unknown = 'leaf';
    for (let i = 0; i < 150; i++) deep = { d: deep };
    class Point {
      x = 1;
    }
    const cases: object[] = [
      { at: new Date(0) },
      { m: new Map([[1, 2]]) },
      { p: new Point() },
      { toJSON: () => 'custom' },
      Object.defineProperty({ a: 1 }, 'toJSON', { value: () => 'hidden', enumerable: false }),
      Object.assign([1, 2], { toJSON: () => 'array' }),
      { f: () => 1 },
      [Symbol('s')],
      { n: 1n },
      JSON.parse('{"__proto__": {"x": 1}}'),
      circular,
      deep as object,
      new Uint8Array(2),
    ];
    for (const v of cases) expect(copyJson(v, CAP, [])).toBe(NOT_COPIED);
  });

  it('gives up on a throwing getter instead of throwing', () => {
    const v = {
      get boom(): string {
        throw new Error('boom');
      },
    };
    expect(copyJson(v, CAP, [])).toBe(NOT_COPIED);
  });

  it('redacts secrets inside strings, not keys, and ignores empty secrets', () => {
    const out = copied({ s3cret: 'Bearer s3cret and s3cret', list: ['xs3cretx', 1] }, ['', 's3cret']);
    expect(out.value).toEqual({ s3cret: 'Bearer [redacted] and [redacted]', list: ['x[redacted]x', 1] });
  });

  it('gives up on a value surely over the cap, and bounds one that may fit', () => {
    const big = { list: Array.from({ length: 5000 }, (_, i) => `item-${i}`) };
    expect(copyJson(big, 1024, [])).toBe(NOT_COPIED);
    const size = bytes(big);
    const out = copyJson(big, size, []);
    if (out === NOT_COPIED) throw new Error('not copied');
    expect(out.value).toStrictEqual(roundTrip(big));
    expect(out.bound).toBeGreaterThan(size);
  });
});
