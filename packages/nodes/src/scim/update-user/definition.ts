/** `scim.updateUser` definition: sets desired attributes on a user, sending only what changed. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { scimUserShape } from '../../shared/output-shapes';
import { scimConnection, userAttributes, userRefFields, userRefSummary } from '../shared/config-fields';

export const updateUserConfig = z.object({
  connection: scimConnection,
  ...userRefFields,
  user: userAttributes.meta({
    title: 'Desired attributes',
    description: 'Only the attributes set here are compared and changed; `null` clears one.',
  }),
});

export const updateUserDefinition = defineNodeDefinition({
  type: 'scim.updateUser',
  title: 'Update SCIM user',
  category: 'scim',
  icon: 'user-pen',
  description:
    'Reads the user (by id or userName), compares it with the desired attributes and sends one minimal PATCH with only the changed ones (or PUT when the service has no PATCH). Nothing is sent when nothing changed.',
  config: updateUserConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: {
      user: scimUserShape,
      changed: {
        type: 'array',
        items: { type: 'string' },
        description: 'Attribute paths that were changed.',
      },
    },
  },
  sideEffects: true,
  summary: userRefSummary,
  connectionFields: { connection: 'scim' },
});
