import { describe, expect, it } from 'vitest';
import {
  checkExpressionSyntax,
  collectExpressions,
  isExpression,
  unescapeLiteral,
} from './expression-syntax';

describe('expression syntax', () => {
  it('tells expressions from escaped literals', () => {
    expect(isExpression('=a.b')).toBe(true);
    expect(isExpression('==a')).toBe(false);
    expect(isExpression('=')).toBe(false);
    expect(unescapeLiteral('==a')).toBe('=a');
    expect(unescapeLiteral('a=')).toBe('a=');
  });
  it('collects expressions with paths', () => {
    expect(collectExpressions({ a: '=x', b: [{ 'c d': '=y' }, '==z'] })).toEqual([
      { path: 'a', source: 'x' },
      { path: 'b[0]["c d"]', source: 'y' },
    ]);
  });
  it('reports syntax errors with a position', () => {
    expect(checkExpressionSyntax('a + 1')).toBeUndefined();
    expect(checkExpressionSyntax('a + + (')).toMatchObject({ position: 5 });
  });
  it('reports regexes the linear-time engine cannot run', () => {
    expect(checkExpressionSyntax('$match(s, /(a)\\1/)')).toMatchObject({ code: 'IDFLOW_REGEX' });
    expect(checkExpressionSyntax('$match(s, /(a)+/)')).toBeUndefined();
  });
  it('collects expressions from deeply nested values without recursion', () => {
    let deep: unknown = '=x';
    for (let i = 0; i < 20_000; i++) deep = { a: [deep] };
    expect(collectExpressions(deep)).toHaveLength(1);
  });
});
