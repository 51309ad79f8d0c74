import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { findUnsupportedRegex, linearRegexEngine, MAX_REGEX_INPUT } from './linear-regex';

const RegexEngine = linearRegexEngine() as unknown as RegExpConstructor;
const run = (source: string, input: unknown) => jsonata(source, { RegexEngine }).evaluate(input);

describe('linear regex engine for JSONata', () => {
  it('gives the same answers as RegExp: $match, $replace, $split, flags, groups, UTF-16 indexes', async () => {
    const input = { s: '😀 Ada ada ADA\nada', w: 'hi there' };
    const cases = [
      '$match(s, /(a)(x)?d/i)',
      '$match(s, /a/, 2)',
      '$replace(s, /a(d)/, "<$1>")',
      '$replace(s, /a/i, function($m) { $uppercase($m.match) & $string($m.index) })',
      '$split(s, /\\s+/)',
      '$contains(s, /^ada$/m)',
      '$contains(s, /^ada$/)',
      '$match(w, /(?<word>\\w+)/).match',
      '$match(s, /x*/)',
    ];
    for (const source of cases) {
      const native = await jsonata(source)
        .evaluate(input)
        .catch((e: { code: string }) => e.code);
      expect(await run(source, input).catch((e: { code: string }) => e.code), source).toEqual(native);
    }
    expect(await run('$match(s, /(a)(x)?d/i)', input)).toHaveLength(4);
  });

  it('answers catastrophic patterns in linear time', async () => {
    expect(await run('$contains(s, /^(a+)+$/)', { s: `${'a'.repeat(50_000)}!` })).toBe(false);
  });

  it('refuses what RE2 cannot express, naming the regex', () => {
    for (const re of ['/(a)\\1/', '/a(?=b)/', '/a(?!b)/', '/(?<=a)b/', '/(?<!a)b/']) {
      const found = findUnsupportedRegex(jsonata(`$contains(s, ${re}) and true`).ast());
      expect(found?.message, re).toMatch(/linear-time engine/);
      expect(found?.position, re).toBeTypeOf('number');
    }
    expect(findUnsupportedRegex(jsonata('$contains(s, /a+b/i)').ast())).toBeUndefined();
  });

  it('caps the input length', async () => {
    await expect(run('$contains(s, /b/)', { s: 'a'.repeat(MAX_REGEX_INPUT + 1) })).rejects.toMatchObject({
      code: 'IDFLOW_REGEX_INPUT',
    });
  });
});
