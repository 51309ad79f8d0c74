/** Output shapes (JSON Schema fragments) reused by several node definitions, so the editor can offer fields. */
import type { OutputShape } from '@idflow/engine/model';

export const anyValue: OutputShape = { description: 'Any JSON value.' };

export const scimMultiValued: OutputShape = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      value: { type: 'string' },
      type: { type: 'string' },
      primary: { type: 'boolean' },
      display: { type: 'string' },
    },
  },
};

export const scimUserShape: OutputShape = {
  type: 'object',
  title: 'SCIM user',
  properties: {
    id: { type: 'string', description: 'Service-provider id.' },
    userName: { type: 'string' },
    externalId: { type: 'string' },
    displayName: { type: 'string' },
    active: { type: 'boolean' },
    title: { type: 'string' },
    name: {
      type: 'object',
      properties: {
        givenName: { type: 'string' },
        familyName: { type: 'string' },
        formatted: { type: 'string' },
      },
    },
    emails: scimMultiValued,
    phoneNumbers: scimMultiValued,
    groups: scimMultiValued,
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
      type: 'object',
      description: 'Enterprise extension.',
      properties: {
        employeeNumber: { type: 'string' },
        department: { type: 'string' },
        costCenter: { type: 'string' },
        organization: { type: 'string' },
        division: { type: 'string' },
        manager: {
          type: 'object',
          properties: { value: { type: 'string' }, displayName: { type: 'string' } },
        },
      },
    },
    meta: {
      type: 'object',
      properties: {
        created: { type: 'string' },
        lastModified: { type: 'string' },
        version: { type: 'string' },
        location: { type: 'string' },
      },
    },
  },
};

export const scimGroupShape: OutputShape = {
  type: 'object',
  title: 'SCIM group',
  properties: {
    id: { type: 'string' },
    displayName: { type: 'string' },
    externalId: { type: 'string' },
    members: scimMultiValued,
  },
};

/** What every SCIM write node's `plan()` returns. */
export const plannedRequestsShape: OutputShape = {
  type: 'object',
  description: 'Dry run: the SCIM requests this node would send.',
  properties: {
    planned: { type: 'boolean' },
    requests: {
      type: 'array',
      items: {
        type: 'object',
        properties: { method: { type: 'string' }, path: { type: 'string' }, body: anyValue },
      },
    },
  },
};
