/** `scim.deleteUser` definition: deletes a user for good. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { scimConnection, userRefFields, userRefSummary } from '../shared/config-fields';

export const deleteUserConfig = z.object({
  connection: scimConnection,
  ...userRefFields,
  ifNotFound: z.enum(['fail', 'skip']).default('fail').meta({
    title: 'If not found',
    description: '`fail` with NOT_FOUND, or `skip`: output `deleted: false`.',
  }),
});

export const deleteUserDefinition = defineNodeDefinition({
  type: 'scim.deleteUser',
  title: 'Delete SCIM user',
  category: 'scim',
  icon: 'user-minus',
  description:
    'Deletes a user (`DELETE /Users/{id}`). Irreversible: to offboard, prefer Deactivate, which Okta and Entra use instead.',
  config: deleteUserConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: { found: { type: 'boolean' }, deleted: { type: 'boolean' }, userId: { type: 'string' } },
  },
  sideEffects: true,
  summary: userRefSummary,
  connectionFields: { connection: 'scim' },
});
