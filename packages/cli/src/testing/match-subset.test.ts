import { describe, expect, it } from 'vitest';
import { formatMismatches, matchEach, matchSubset } from './match-subset';

describe('matchSubset', () => {
  it('accepts a subset of objects and nested values', () => {
    expect(matchSubset({ a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'x', d: 2 }, e: 3 })).toEqual([]);
  });

  it('names the failing path with expected and actual', () => {
    const urn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    expect(
      matchSubset({ user: { [urn]: { department: 'R&D' } } }, { user: { [urn]: { department: 'Ops' } } }),
    ).toEqual([
      { path: `$.user["${urn}"].department`, message: 'different value', expected: 'R&D', actual: 'Ops' },
    ]);
    expect(matchSubset({ a: 1 }, {})).toEqual([
      { path: '$.a', message: 'missing', expected: 1, actual: undefined },
    ]);
    expect(matchSubset({ a: 1 }, 'x')[0]?.message).toBe('expected an object');
  });

  it('matches array elements in any order, each actual element once', () => {
    expect(matchSubset([{ v: 2 }, { v: 1 }], [{ v: 1 }, { v: 2 }, { v: 3 }])).toEqual([]);
    const twice = matchSubset([{ v: 1 }, { v: 1 }], [{ v: 1 }, { v: 2 }]);
    expect(twice).toHaveLength(1);
    expect(twice[0]?.path).toBe('$[1]');
    expect(matchSubset([], [])).toEqual([]);
    expect(matchSubset([], [1])[0]?.message).toBe('expected an empty array');
  });

  it('reports the closest array element when none matches', () => {
    const [m] = matchSubset(
      [{ a: 1, b: 2 }],
      [
        { a: 9, b: 9 },
        { a: 1, b: 3 },
      ],
    );
    expect(m?.message).toContain('$[1]');
    expect(m?.actual).toEqual({ a: 1, b: 3 });
  });

  it('supports $any and $absent', () => {
    expect(matchSubset({ id: '$any', gone: { $absent: true } }, { id: 'u1' })).toEqual([]);
    expect(matchSubset({ id: '$any' }, {})[0]?.message).toContain('expected a value');
    expect(matchSubset({ gone: { $absent: true } }, { gone: 0 })[0]?.path).toBe('$.gone');
  });

  it('formats mismatches readably', () => {
    const lines = formatMismatches(matchSubset({ a: 'x' }, { a: 'y' }), '');
    expect(lines).toEqual(['at $.a: different value', '  expected: "x"', '  actual:   "y"']);
  });
});

describe('matchEach', () => {
  const users = [
    { userName: 'a', active: true },
    { userName: 'b', active: false },
  ];

  it('lets each subset match any resource, independently', () => {
    expect(matchEach([{ active: true }, { userName: 'a' }], users, 'scim.users')).toEqual([]);
  });

  it('reports the resource with the same userName as the closest', () => {
    const [m] = matchEach([{ userName: 'b', active: true }], users, 'scim.users');
    expect(m?.path).toBe('scim.users[0]');
    expect(m?.message).toContain('scim.users[0].active');
    expect(m?.actual).toEqual({ userName: 'b', active: false });
  });

  it('with absent, fails when some resource matches', () => {
    expect(matchEach([{ userName: 'c' }], users, 'x', true)).toEqual([]);
    expect(matchEach([{ userName: 'a' }], users, 'x', true)[0]?.message).toContain('expected no match');
  });
});
