// Patch building tests: minimal path ops, Entra value maps, and local application for GET+PUT updates.

import { describe, expect, it } from 'vitest';
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from './constants';
import { ScimClientError } from './errors';
import {
  alreadyApplied,
  applyChanges,
  buildPatchOperations,
  buildValueMapOperations,
  toPutBody,
} from './patch';
import { parsePath } from './path';
import type { ScimUser } from './types';

const ENT = SCHEMA_ENTERPRISE_USER;

describe('buildPatchOperations', () => {
  it('makes one replace per attribute and a remove for null', () => {
    expect(
      buildPatchOperations({
        'name.givenName': 'Ann',
        'emails[type eq "work"].value': 'ann@example.com',
        title: null,
        active: false,
      }),
    ).toEqual([
      { op: 'replace', path: 'name.givenName', value: 'Ann' },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'ann@example.com' },
      { op: 'remove', path: 'title' },
      { op: 'replace', path: 'active', value: false },
    ]);
  });

  it('expands the enterprise extension object into URN-qualified paths', () => {
    expect(
      buildPatchOperations({ [ENT]: { department: 'R&D', manager: { value: 'm1' }, costCenter: null } }),
    ).toEqual([
      { op: 'replace', path: `${ENT}:department`, value: 'R&D' },
      { op: 'replace', path: `${ENT}:manager`, value: { value: 'm1' } },
      { op: 'remove', path: `${ENT}:costCenter` },
    ]);
  });

  it('keeps an already URN-qualified attribute path as is', () => {
    expect(buildPatchOperations({ [`${ENT}:manager`]: { value: 'm2' } })).toEqual([
      { op: 'replace', path: `${ENT}:manager`, value: { value: 'm2' } },
    ]);
  });

  it('rejects invalid paths and readOnly attributes', () => {
    expect(() => buildPatchOperations({ 'name givenName': 'x' })).toThrow(ScimClientError);
    expect(() => buildPatchOperations({ 'emails[type co "w"].value': 'x' })).toThrow(ScimClientError);
    expect(() => buildPatchOperations({ id: 'x' })).toThrow(/read-only/);
    expect(() => buildPatchOperations({ Meta: {} })).toThrow(/read-only/);
    expect(() => buildPatchOperations({ groups: [] })).toThrow(/read-only/);
  });
});

describe('buildValueMapOperations', () => {
  it('builds one no-path replace with dotted and URN keys; filters and removals stay separate', () => {
    expect(
      buildValueMapOperations({
        displayName: 'Ann B',
        'name.givenName': 'Ann',
        [ENT]: { employeeNumber: '42' },
        'emails[type eq "work"].value': 'a@b.c',
        nickName: null,
      }),
    ).toEqual([
      {
        op: 'replace',
        value: { displayName: 'Ann B', 'name.givenName': 'Ann', [`${ENT}:employeeNumber`]: '42' },
      },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'a@b.c' },
      { op: 'remove', path: 'nickName' },
    ]);
  });

  it('gives Okta’s deactivate form for active', () => {
    expect(buildValueMapOperations({ active: false })).toEqual([{ op: 'replace', value: { active: false } }]);
  });
});

describe('applyChanges', () => {
  const user: ScimUser = {
    schemas: [SCHEMA_USER],
    id: 'u1',
    userName: 'ann',
    Name: { givenName: 'A', familyName: 'B' },
    emails: [
      { type: 'Work', value: 'old@x', primary: true },
      { type: 'home', value: 'h@x' },
    ],
    meta: { version: 'W/"1"' },
  };

  it('sets nested, case-insensitive and value-filtered attributes without touching the input', () => {
    const out = applyChanges(user, {
      'name.givenName': 'Ann',
      'emails[type eq "work"].value': 'new@x',
      [ENT]: { department: 'Ops' },
      active: false,
    });
    expect(out.Name).toEqual({ givenName: 'Ann', familyName: 'B' });
    expect(out.name).toBeUndefined();
    expect(out.emails).toEqual([
      { type: 'Work', value: 'new@x', primary: true },
      { type: 'home', value: 'h@x' },
    ]);
    expect(out[ENT]).toEqual({ department: 'Ops' });
    expect(out.schemas).toEqual([SCHEMA_USER, ENT]);
    expect(out.active).toBe(false);
    expect(user.emails?.[0]?.value).toBe('old@x');
  });

  it('appends an element when no value matches the filter, and removes matches', () => {
    const added = applyChanges(user, { 'phoneNumbers[type eq "mobile"].value': '+1 555' });
    expect(added.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555' }]);
    const removed = applyChanges(user, { 'emails[type eq "home"]': null, 'name.familyName': null });
    expect(removed.emails).toHaveLength(1);
    expect(removed.Name).toEqual({ givenName: 'A' });
  });

  it('detects when changes are already applied', () => {
    expect(alreadyApplied({ ...user, active: false }, { active: false })).toBe(true);
    expect(alreadyApplied(user, { active: false })).toBe(false);
  });
});

describe('toPutBody', () => {
  it('drops id, meta and groups and keeps schemas', () => {
    const body = toPutBody({ id: 'x', meta: {}, groups: [], userName: 'a' }, SCHEMA_USER);
    expect(body).toEqual({ userName: 'a', schemas: [SCHEMA_USER] });
  });
});

describe('parsePath', () => {
  it('parses URN, attribute, value filter and sub-attribute', () => {
    expect(parsePath(`${ENT}:manager.value`)).toEqual({ urn: ENT, attr: 'manager', sub: 'value' });
    expect(parsePath('members[value eq "a\\"]b"]')).toEqual({
      attr: 'members',
      filterText: 'value eq "a\\"]b"',
      filter: [{ attr: 'value', value: 'a"]b' }],
    });
    expect(() => parsePath('members[value eq "a"] or x')).toThrow(ScimClientError);
  });
});
