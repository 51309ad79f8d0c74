/** `scim.removeFromAllGroups` definition: offboarding, takes a user out of every group it is a direct member of. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { ifNotFoundSkip, scimConnection, userRefFields, userRefSummary } from '../shared/config-fields';

export const removeFromAllGroupsConfig = z.object({
  connection: scimConnection,
  ...userRefFields,
  ifNotFound: ifNotFoundSkip,
});

export const removeFromAllGroupsDefinition = defineNodeDefinition({
  type: 'scim.removeFromAllGroups',
  title: 'Remove user from all SCIM groups',
  category: 'scim',
  icon: 'users-minus',
  description:
    "For offboarding: finds every group the user is a direct member of (filter `members[value eq id]`, else the user's `groups`) and removes the user from each with one PATCH per group.",
  config: removeFromAllGroupsConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: {
      found: { type: 'boolean' },
      userId: { type: 'string' },
      removedFrom: {
        type: 'array',
        items: { type: 'object', properties: { id: { type: 'string' }, displayName: { type: 'string' } } },
      },
    },
  },
  sideEffects: true,
  summary: userRefSummary,
  connectionFields: { connection: 'scim' },
});
