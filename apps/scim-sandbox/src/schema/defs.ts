// The User, Group and Enterprise User schemas (RFC 7643 §4, §8.7) and the two resource types.
import { ENTERPRISE_URN, GROUP_URN, USER_URN } from '../urns';
import { type AttrDef, attr, multi, type ResourceTypeDef, type SchemaDef } from './types';

const ref = (types: string[], options: Partial<AttrDef> = {}): Partial<AttrDef> => ({
  type: 'reference',
  referenceTypes: types,
  ...options,
});

/** Common attributes (RFC 7643 §3.1); not listed in /Schemas but resolvable on every resource. */
export const COMMON_ATTRS: AttrDef[] = [
  attr('id', { caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' }),
  attr('externalId', { caseExact: true }),
  attr('meta', {
    mutability: 'readOnly',
    subAttributes: [
      attr('resourceType', { caseExact: true, mutability: 'readOnly' }),
      attr('created', { type: 'dateTime', mutability: 'readOnly' }),
      attr('lastModified', { type: 'dateTime', mutability: 'readOnly' }),
      attr('location', { ...ref(['uri']), caseExact: true, mutability: 'readOnly' }),
      attr('version', { caseExact: true, mutability: 'readOnly' }),
    ],
  }),
];

const USER_SCHEMA: SchemaDef = {
  id: USER_URN,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', { required: true, uniqueness: 'server', description: 'Unique identifier for the User' }),
    attr('name', {
      subAttributes: [
        'formatted',
        'familyName',
        'givenName',
        'middleName',
        'honorificPrefix',
        'honorificSuffix',
      ].map((n) => attr(n)),
    }),
    attr('displayName'),
    attr('nickName'),
    attr('profileUrl', ref(['external'])),
    attr('title'),
    attr('userType'),
    attr('preferredLanguage'),
    attr('locale'),
    attr('timezone'),
    attr('active', { type: 'boolean' }),
    attr('password', { mutability: 'writeOnly', returned: 'never', caseExact: true }),
    multi('emails', ['work', 'home', 'other']),
    multi('phoneNumbers', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multi('ims', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multi('photos', ['photo', 'thumbnail']),
    attr('addresses', {
      multiValued: true,
      subAttributes: [
        ...['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'].map((n) => attr(n)),
        attr('type', { canonicalValues: ['work', 'home', 'other'] }),
        attr('primary', { type: 'boolean' }),
      ],
    }),
    attr('groups', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        attr('value', { caseExact: true, mutability: 'readOnly' }),
        attr('$ref', { ...ref(['User', 'Group']), mutability: 'readOnly' }),
        attr('display', { mutability: 'readOnly' }),
        attr('type', { canonicalValues: ['direct', 'indirect'], mutability: 'readOnly' }),
      ],
    }),
    multi('entitlements', []),
    multi('roles', []),
    multi('x509Certificates', [], []),
  ],
};

const ENTERPRISE_SCHEMA: SchemaDef = {
  id: ENTERPRISE_URN,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber'),
    attr('costCenter'),
    attr('organization'),
    attr('division'),
    attr('department'),
    attr('manager', {
      subAttributes: [
        attr('value', { caseExact: true }),
        attr('$ref', ref(['User'])),
        attr('displayName', { mutability: 'readOnly' }),
      ],
    }),
  ],
};

const GROUP_SCHEMA: SchemaDef = {
  id: GROUP_URN,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', { required: true, uniqueness: 'server', description: 'Unique name of the Group' }),
    attr('members', {
      multiValued: true,
      subAttributes: [
        attr('value', { caseExact: true, mutability: 'immutable' }),
        attr('$ref', { ...ref(['User', 'Group']), mutability: 'immutable' }),
        attr('display', { mutability: 'readOnly' }),
        attr('type', { canonicalValues: ['User', 'Group'], mutability: 'immutable' }),
      ],
    }),
  ],
};

export const SCHEMAS: SchemaDef[] = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA];

export const USER_TYPE: ResourceTypeDef = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_URN,
  extensions: [ENTERPRISE_URN],
};

export const GROUP_TYPE: ResourceTypeDef = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP_URN,
  extensions: [],
};

export const RESOURCE_TYPES: ResourceTypeDef[] = [USER_TYPE, GROUP_TYPE];

export const schemaById = (id: string): SchemaDef | undefined =>
  SCHEMAS.find((s) => s.id.toLowerCase() === id.toLowerCase());
