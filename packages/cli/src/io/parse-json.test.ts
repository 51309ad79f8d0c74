import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, locateJsonError, parseJson } from './parse-json';

describe('parseJson', () => {
  it('parses valid JSON and strips a BOM', () => {
    expect(parseJson('\ufeff{"a": [1, 2.5e3, true, null, "x\\n"]}')).toEqual({
      a: [1, 2500, true, null, 'x\n'],
    });
  });

  it.each([
    ['{\n  "a": 1,\n  "b" 2\n}', 3, 7, "expected ':'"],
    ['{\n  "a": 1,\n}', 3, 1, 'Trailing comma'],
    ['[1, 2', 1, 6, "expected ',' or ']'"],
    ['{"a": tru}', 1, 10, 'while reading true'],
    ['{"a": 1} x', 1, 10, 'after the end'],
    ["{'a': 1}", 1, 2, 'double quotes'],
    ['', 1, 1, 'expected a value'],
  ])('locates the error in %j at %i:%i', (text, line, column, words) => {
    const issue = locateJsonError(text);
    expect(issue).toMatchObject({ line, column });
    expect(issue?.message).toContain(words);
    expect(() => parseJson(text)).toThrow(JsonSyntaxError);
  });

  it('says nothing about valid text', () => {
    expect(locateJsonError('{"a": {"b": [-0.5, "\\u00e9"]}}')).toBeUndefined();
  });
});
