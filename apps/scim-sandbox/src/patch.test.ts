// Unit tests of applyPatch: atomicity, Okta/Entra forms, valuePath add/replace/remove, coercion, errors.
import { describe, expect, it } from 'vitest';
import { applyPatch } from './patch';
import { GROUP_TYPE, USER_TYPE } from './schema/defs';
import { ENTERPRISE_URN } from './urns';

const base = () => ({
  userName: 'alice@example.com',
  active: true,
  name: { givenName: 'Alice', familyName: 'Johnson' },
  emails: [{ value: 'a@work.example', type: 'work', primary: true }],
});

describe('applyPatch', () => {
  it('never mutates its input, even when an operation fails half-way', () => {
    const stored = base();
    const before = structuredClone(stored);
    expect(() =>
      applyPatch(USER_TYPE, stored, [
        { op: 'replace', path: 'active', value: false },
        { op: 'add', path: 'emails', value: [{ value: 'b@x' }] },
        { op: 'remove' },
      ]),
    ).toThrow(expect.objectContaining({ scimType: 'noTarget' }));
    expect(stored).toEqual(before);
  });

  it('applies operations in order', () => {
    const out = applyPatch(USER_TYPE, base(), [
      { op: 'replace', path: 'title', value: 'One' },
      { op: 'replace', path: 'title', value: 'Two' },
      { op: 'remove', path: 'title' },
      { op: 'add', path: 'nickName', value: 'Al' },
    ]);
    expect(out.title).toBeUndefined();
    expect(out.nickName).toBe('Al');
  });

  it("handles Okta's no-path replace and Entra's dotted, URN-qualified keys and string booleans", () => {
    expect(applyPatch(USER_TYPE, base(), [{ op: 'replace', value: { active: false } }]).active).toBe(false);
    const out = applyPatch(USER_TYPE, base(), [
      {
        op: 'Replace',
        value: {
          'name.givenName': 'Ali',
          [`${ENTERPRISE_URN}:employeeNumber`]: '42',
          active: 'False',
          id: 'ignored',
          unknownThing: 'ignored',
        },
      },
    ]);
    expect(out.name).toEqual({ givenName: 'Ali', familyName: 'Johnson' });
    expect(out[ENTERPRISE_URN]).toEqual({ employeeNumber: '42' });
    expect(out.active).toBe(false);
    expect(out.id).toBeUndefined();
  });

  it('merges sub-attributes on replace of a complex attribute, and accepts the extension URN as a key', () => {
    const out = applyPatch(USER_TYPE, base(), [
      { op: 'replace', path: 'name', value: { givenName: 'A' } },
      { op: 'add', value: { [ENTERPRISE_URN]: { department: 'Ops', manager: { value: 'm1' } } } },
    ]);
    expect(out.name).toEqual({ givenName: 'A', familyName: 'Johnson' });
    expect(out[ENTERPRISE_URN]).toEqual({ department: 'Ops', manager: { value: 'm1' } });
  });

  it("adds a new element for Entra's Add on an absent valuePath, but replace on no match is noTarget", () => {
    const out = applyPatch(USER_TYPE, base(), [
      { op: 'Add', path: 'emails[type eq "home"].value', value: 'h@x' },
    ]);
    expect(out.emails).toEqual([
      { value: 'a@work.example', type: 'work', primary: true },
      { type: 'home', value: 'h@x' },
    ]);
    expect(() =>
      applyPatch(USER_TYPE, base(), [{ op: 'replace', path: 'emails[type eq "home"].value', value: 'h@x' }]),
    ).toThrow(expect.objectContaining({ status: 400, scimType: 'noTarget' }));
  });

  it('treats an empty Operations list as a no-op', () => {
    expect(applyPatch(USER_TYPE, base(), [])).toEqual(base());
  });

  it("removes only the listed members for Entra's legacy remove-with-value, all members without value", () => {
    const group = { displayName: 'G', members: [{ value: 'u1' }, { value: 'u2' }, { value: 'u3' }] };
    const some = applyPatch(GROUP_TYPE, group, [
      { op: 'Remove', path: 'members', value: [{ value: 'u2', $ref: null }] },
    ]);
    expect(some.members).toEqual([{ value: 'u1' }, { value: 'u3' }]);
    expect(applyPatch(GROUP_TYPE, group, [{ op: 'remove', path: 'members' }]).members).toBeUndefined();
    const filtered = applyPatch(GROUP_TYPE, group, [{ op: 'remove', path: 'members[value eq "u1"]' }]);
    expect(filtered.members).toEqual([{ value: 'u2' }, { value: 'u3' }]);
  });

  it('deduplicates added members and keeps primary unique', () => {
    const group = { displayName: 'G', members: [{ value: 'u1' }] };
    expect(
      applyPatch(GROUP_TYPE, group, [
        { op: 'add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] },
      ]).members,
    ).toEqual([{ value: 'u1' }, { value: 'u2' }]);
    const out = applyPatch(USER_TYPE, base(), [
      { op: 'replace', path: 'emails[type eq "work"].primary', value: 'True' },
      { op: 'add', path: 'emails', value: { value: 'n@x', primary: true } },
    ]);
    expect((out.emails as Array<{ primary?: boolean }>).map((e) => e.primary)).toEqual([false, true]);
  });

  it('rejects bad input with the right scimType', () => {
    const cases: Array<[unknown, string]> = [
      [{ op: 'replace', path: 'active', value: 'perhaps' }, 'invalidValue'],
      [{ op: 'replace', path: 'meta.created', value: 'x' }, 'mutability'],
      [{ op: 'replace', path: 'groups', value: [] }, 'mutability'],
      [{ op: 'replace', path: 'bogus', value: 1 }, 'invalidPath'],
      [{ op: 'replace', path: 'name[givenName eq "a"]', value: 1 }, 'invalidPath'],
      [{ op: 'replace', value: 'not an object' }, 'invalidValue'],
      [{ op: 'copy', path: 'title', value: 'x' }, 'invalidSyntax'],
      [{ op: 'remove', path: 'userName' }, 'invalidValue'],
    ];
    for (const [op, scimType] of cases) {
      expect(() => applyPatch(USER_TYPE, base(), [op as { op: string }]), JSON.stringify(op)).toThrow(
        expect.objectContaining({ scimType }),
      );
    }
  });
});
