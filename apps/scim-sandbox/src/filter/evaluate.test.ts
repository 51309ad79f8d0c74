// Unit tests of filter evaluation: caseExact-aware comparison, multi-valued "any", same-element valuePath, types.
import { describe, expect, it } from 'vitest';
import { GROUP_TYPE, USER_TYPE } from '../schema/defs';
import { ENTERPRISE_URN } from '../urns';
import { checkFilter, matches } from './evaluate';
import { parseFilter } from './parser';

const user = {
  id: 'AbC-1',
  externalId: 'Ext-9',
  userName: 'Alice@Example.com',
  active: false,
  name: { givenName: 'Alice', familyName: 'Johnson' },
  emails: [
    { value: 'alice@work.example', type: 'work', primary: true },
    { value: 'alice@home.example', type: 'home' },
  ],
  [ENTERPRISE_URN]: { department: 'Engineering', manager: { value: 'M-1' } },
  meta: { created: '2024-05-01T10:00:00Z', lastModified: '2024-06-01T10:00:00+02:00' },
};
const m = (f: string) => matches(USER_TYPE, user, parseFilter(f));

describe('matches', () => {
  it('compares caseExact=false attributes case-insensitively, caseExact ones exactly', () => {
    expect(m('userName eq "alice@example.COM"')).toBe(true);
    expect(m('USERNAME sw "ALICE"')).toBe(true);
    expect(m('userName ew "EXAMPLE.COM"')).toBe(true);
    expect(m('id eq "abc-1"')).toBe(false);
    expect(m('id eq "AbC-1"')).toBe(true);
    expect(m('externalId eq "ext-9"')).toBe(false);
  });

  it('uses "any value" semantics on multi-valued attributes, comparing their value sub-attribute', () => {
    expect(m('emails co "home.example"')).toBe(true);
    expect(m('emails.type eq "home"')).toBe(true);
    expect(m('emails ne "alice@work.example"')).toBe(false);
  });

  it('matches valuePath conditions within one element only', () => {
    expect(m('emails[type eq "work" and value co "work"]')).toBe(true);
    expect(m('emails[type eq "work" and value co "home"]')).toBe(false);
    expect(m('emails[type eq "WORK"].value eq "ALICE@work.example"')).toBe(true);
    expect(m('emails[type eq "work"].value eq "alice@home.example"')).toBe(false);
    expect(m('emails[primary eq true].value pr')).toBe(true);
  });

  it('applies precedence: not > and > or', () => {
    expect(m('active eq true or userName pr and not (title pr)')).toBe(true);
    expect(m('(active eq true or userName pr) and title pr')).toBe(false);
    expect(m('not (active eq false) or title pr')).toBe(false);
  });

  it('handles booleans (incl. "true" strings), null, pr, dateTimes and the extension', () => {
    expect(m('active eq false')).toBe(true);
    expect(m('active eq "False"')).toBe(true);
    expect(m('title eq null')).toBe(true);
    expect(m('title pr')).toBe(false);
    expect(m('name pr')).toBe(true);
    expect(m('meta.created lt "2024-05-01T11:00:00Z"')).toBe(true);
    expect(m('meta.lastModified gt "2024-06-01T09:00:00Z"')).toBe(false);
    expect(m(`${ENTERPRISE_URN}:department eq "engineering"`)).toBe(true);
    expect(m(`${ENTERPRISE_URN.toUpperCase()}:DEPARTMENT eq "engineering"`)).toBe(true);
    expect(m(`${ENTERPRISE_URN}:manager.value eq "M-1"`)).toBe(true);
    expect(m('department eq "engineering"')).toBe(false);
  });

  it('compares strings lexicographically with gt/lt', () => {
    expect(m('name.familyName gt "j"')).toBe(true);
    expect(m('name.familyName lt "J"')).toBe(false);
  });

  it('rejects ordering or substring operators on booleans (400 invalidFilter)', () => {
    expect(() => m('active gt true')).toThrow(expect.objectContaining({ scimType: 'invalidFilter' }));
    expect(() => checkFilter(USER_TYPE, parseFilter('emails[primary co "t"]'))).toThrow(
      expect.objectContaining({ scimType: 'invalidFilter' }),
    );
    expect(() => checkFilter(USER_TYPE, parseFilter('userName co 5'))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });

  it('matches group members by value exactly', () => {
    const group = { id: 'g', displayName: 'Eng', members: [{ value: 'U-1', type: 'User' }] };
    expect(matches(GROUP_TYPE, group, parseFilter('members[value eq "U-1"]'))).toBe(true);
    expect(matches(GROUP_TYPE, group, parseFilter('members[value eq "u-1"]'))).toBe(false);
    expect(matches(GROUP_TYPE, group, parseFilter('displayName eq "ENG"'))).toBe(true);
  });
});
