// Unit tests of the filter/PATCH-path parser: precedence, valuePath, Entra form, case-insensitivity, escapes, errors.
import { describe, expect, it } from 'vitest';
import { ScimError } from '../errors';
import { parseFilter, parsePatchPath } from './parser';

const cmp = (path: string, op: string, value: unknown) => ({ type: 'compare', path, op, value });

describe('parseFilter', () => {
  it('gives not > and > or precedence', () => {
    expect(parseFilter('a eq 1 or b eq 2 and not (c pr)')).toEqual({
      type: 'or',
      left: cmp('a', 'eq', 1),
      right: {
        type: 'and',
        left: cmp('b', 'eq', 2),
        right: { type: 'not', filter: { type: 'present', path: 'c' } },
      },
    });
  });

  it('lets grouping override precedence', () => {
    const node = parseFilter('(a eq 1 or b eq 2) and c eq 3');
    expect(node).toMatchObject({ type: 'and', left: { type: 'or' }, right: cmp('c', 'eq', 3) });
  });

  it('reads operators and keywords case-insensitively and keeps attribute spelling', () => {
    expect(parseFilter('userName Eq "john"')).toEqual(cmp('userName', 'eq', 'john'));
    expect(parseFilter('A PR AND B pr')).toMatchObject({ type: 'and' });
    expect(parseFilter('NOT(a eq true)')).toEqual({ type: 'not', filter: cmp('a', 'eq', true) });
  });

  it('decodes JSON string escapes and literals', () => {
    expect(parseFilter(String.raw`a eq "q\"b\\c\u00e9\n"`)).toEqual(cmp('a', 'eq', 'q"b\\cé\n'));
    expect(parseFilter('a eq null')).toEqual(cmp('a', 'eq', null));
    expect(parseFilter('a ge -1.5e2')).toEqual(cmp('a', 'ge', -150));
    expect(parseFilter('a eq FALSE')).toEqual(cmp('a', 'eq', false));
  });

  it("parses valuePath and Entra's valuePath.sub form as one-element matches", () => {
    expect(parseFilter('emails[type eq "work" and value co "@x"]')).toEqual({
      type: 'valuePath',
      path: 'emails',
      filter: { type: 'and', left: cmp('type', 'eq', 'work'), right: cmp('value', 'co', '@x') },
    });
    expect(parseFilter('emails[type eq "work"].value eq "a@x"')).toEqual({
      type: 'valuePath',
      path: 'emails',
      filter: { type: 'and', left: cmp('type', 'eq', 'work'), right: cmp('value', 'eq', 'a@x') },
    });
  });

  it('accepts URN-qualified and dotted attribute paths', () => {
    const urn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value';
    expect(parseFilter(`${urn} eq "x"`)).toEqual(cmp(urn, 'eq', 'x'));
    expect(parseFilter('name.familyName sw "O\'"')).toEqual(cmp('name.familyName', 'sw', "O'"));
  });

  it.each([
    '',
    'userName',
    'userName eq',
    'userName eq "a" and',
    'userName xx "a"',
    '(userName eq "a"',
    'userName eq "a")',
    'userName eq unquoted',
    'userName eq "bad \\x escape"',
    'emails[type eq "work"',
    'a eq 1 b eq 2',
    'a eq 12abc',
  ])('rejects %j with 400 invalidFilter', (src) => {
    try {
      parseFilter(src);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScimError);
      expect((e as ScimError).status).toBe(400);
      expect((e as ScimError).scimType).toBe('invalidFilter');
    }
  });
});

describe('parsePatchPath', () => {
  it('parses attrPath, valuePath and valuePath.sub', () => {
    expect(parsePatchPath('name.givenName')).toEqual({ path: 'name.givenName' });
    expect(parsePatchPath('members[value eq "2819c223"]')).toEqual({
      path: 'members',
      filter: cmp('value', 'eq', '2819c223'),
    });
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      path: 'emails',
      filter: cmp('type', 'eq', 'work'),
      sub: 'value',
    });
  });

  it.each([
    '',
    'emails[type eq',
    'emails]',
    'a b',
    'emails[type eq "w"]value',
    'emails[type eq "w"].value.x',
  ])('rejects %j with 400 invalidPath', (src) => {
    expect(() => parsePatchPath(src)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidPath' }),
    );
  });
});
