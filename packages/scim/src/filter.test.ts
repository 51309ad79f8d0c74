// Filter builder tests: hostile values stay one literal; paths are validated; grouping is explicit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScimClientError } from './errors';
import { f, memberPath, scimFilter } from './filter';

type Token = { kind: 'str' | 'num' | 'word' | 'punct'; text: string };

/** An independent tokenizer for RFC 7644 filters (JSON string literals, words, punctuation). */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s+|("(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?![\w.])|([()[\]])|([A-Za-z$][\w$:.-]*)/y;
  let i = 0;
  while (i < input.length) {
    re.lastIndex = i;
    const m = re.exec(input);
    if (!m) throw new Error(`untokenizable at ${i}: ${input.slice(i, i + 20)}`);
    if (m[1]) {
      // JSON strings may not hold raw control characters.
      if ([...m[1]].some((c) => c.charCodeAt(0) < 0x20)) throw new Error('raw control character in literal');
      tokens.push({ kind: 'str', text: m[1] });
    } else if (m[2]) tokens.push({ kind: 'num', text: m[2] });
    else if (m[3]) tokens.push({ kind: 'punct', text: m[3] });
    else if (m[4]) tokens.push({ kind: 'word', text: m[4] });
    i = re.lastIndex;
  }
  return tokens;
}

const OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;

function expectSingleComparison(filter: string, attr: string, op: string, value: string): void {
  const tokens = tokenize(filter);
  expect(tokens).toHaveLength(3);
  expect(tokens[0]).toEqual({ kind: 'word', text: attr });
  expect(tokens[1]).toEqual({ kind: 'word', text: op });
  expect(tokens[2]?.kind).toBe('str');
  expect(JSON.parse(tokens[2]!.text)).toBe(value);
}

const hostile = [
  'a"b',
  'a\\',
  '\\"',
  'x" or userName pr or userName eq "',
  'x") or (userName pr',
  '" or "1" eq "1',
  'a or b',
  'a and b',
  'not (x)',
  ']',
  'emails[type eq "work"]',
  '\u0000\u001f\n\r\t',
  'josé 山田 🧑‍💻',
  '\u2028\u2029',
  '\ud800',
  '',
];

describe('f comparisons', () => {
  it.each(hostile)('keeps %j as one string literal for every operator', (value) => {
    for (const op of OPS) {
      expectSingleComparison(f[op]('userName', value).text, 'userName', op, value);
    }
  });

  it('keeps any string (property) as one literal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expectSingleComparison(f.eq('userName', value).text, 'userName', 'eq', value);
        expectSingleComparison(scimFilter`userName eq ${value}`.text, 'userName', 'eq', value);
      }),
      { numRuns: 500 },
    );
  });

  it('renders numbers, booleans, null and dates as literals', () => {
    expect(f.eq('active', true).text).toBe('active eq true');
    expect(f.gt('meta.lastModified', new Date('2026-01-02T03:04:05Z')).text).toBe(
      'meta.lastModified gt "2026-01-02T03:04:05.000Z"',
    );
    expect(f.eq('x', null).text).toBe('x eq null');
    expect(f.ge('n', 1.5).text).toBe('n ge 1.5');
    expect(() => f.eq('n', Number.NaN)).toThrow(ScimClientError);
    expect(() => f.eq('n', { toString: () => 'x' } as unknown as string)).toThrow(ScimClientError);
  });

  it('pr takes no value', () => {
    expect(f.pr('title').text).toBe('title pr');
  });
});

describe('attribute paths', () => {
  it.each([
    'userName',
    'name.givenName',
    'urn:ietf:params:scim:schemas:core:2.0:User:userName',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
    'members.$ref',
  ])('accepts %s', (attr) => {
    expect(f.pr(attr).text).toBe(`${attr} pr`);
  });

  it.each([
    'userName eq "x" or userName',
    'userName)',
    'a b',
    '',
    '"userName"',
    'emails[type eq "work"]',
    'a.b.c',
    '1abc',
    'userName\n',
  ])('rejects %j', (attr) => {
    expect(() => f.eq(attr, 'v')).toThrow(ScimClientError);
    expect(() => f.attr(attr)).toThrow(/invalid attribute path/);
  });
});

describe('logical combinators', () => {
  it('groups only where precedence needs it', () => {
    const a = f.eq('a', '1');
    const b = f.eq('b', '2');
    const c = f.eq('c', '3');
    expect(f.and(a, b, c).text).toBe('a eq "1" and b eq "2" and c eq "3"');
    expect(f.and(f.or(a, b), c).text).toBe('(a eq "1" or b eq "2") and c eq "3"');
    expect(f.or(f.and(a, b), c).text).toBe('(a eq "1" and b eq "2") or c eq "3"');
    expect(f.not(f.or(a, b)).text).toBe('not (a eq "1" or b eq "2")');
    expect(f.and(a).text).toBe(a.text);
    expect(() => f.and()).toThrow(ScimClientError);
  });

  it('keeps hostile values inside their literals when combined', () => {
    const value = '") or (userName pr';
    const tokens = tokenize(f.and(f.eq('userName', value), f.eq('active', true)).text);
    expect(tokens.map((t) => t.text)).toEqual([
      'userName',
      'eq',
      JSON.stringify(value),
      'and',
      'active',
      'eq',
      'true',
    ]);
  });

  it('builds value paths, including Entra\'s emails[type eq "work"].value form', () => {
    expect(f.valuePath('emails', f.eq('type', 'work')).text).toBe('emails[type eq "work"]');
    expect(f.eq(f.path('emails', f.eq('type', 'work'), 'value'), 'a@b.c').text).toBe(
      'emails[type eq "work"].value eq "a@b.c"',
    );
    expect(() => f.path('emails', f.eq('type', 'work'), 'va lue')).toThrow(ScimClientError);
  });
});

describe('scimFilter template', () => {
  it('escapes values and inserts built filters as groups', () => {
    const v = 'x" or "a" eq "a';
    const inner = f.or(f.eq('a', '1'), f.eq('b', '2'));
    expect(scimFilter`userName eq ${v} and ${inner}`.text).toBe(
      `userName eq ${JSON.stringify(v)} and (a eq "1" or b eq "2")`,
    );
    expect(scimFilter`${f.attr('name.givenName')} sw ${'Ann'}`.text).toBe('name.givenName sw "Ann"');
  });

  it('a plain string in attribute position becomes a literal, never an attribute', () => {
    const attr = 'userName pr or userName';
    const tokens = tokenize(scimFilter`${attr} eq ${'x'}`.text);
    expect(tokens[0]).toEqual({ kind: 'str', text: JSON.stringify(attr) });
  });

  it('rejects values of unsupported types', () => {
    expect(() => scimFilter`a eq ${{}}`).toThrow(ScimClientError);
    expect(() => scimFilter`a eq ${undefined}`).toThrow(ScimClientError);
  });

  it('composes as a group inside f.and', () => {
    const t = scimFilter`a eq ${'1'} or b eq ${'2'}`;
    expect(f.and(t, f.eq('c', '3')).text).toBe('(a eq "1" or b eq "2") and c eq "3"');
  });
});

describe('memberPath', () => {
  it('escapes the id', () => {
    expect(memberPath('u"1')).toBe('members[value eq "u\\"1"]');
  });
});
