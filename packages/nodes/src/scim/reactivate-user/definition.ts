/** `scim.reactivateUser` definition: sets a user's `active` to true, idempotently. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { scimUserShape } from '../../shared/output-shapes';
import { ifNotFoundSkip, scimConnection, userRefFields, userRefSummary } from '../shared/config-fields';

export const reactivateUserConfig = z.object({
  connection: scimConnection,
  ...userRefFields,
  ifNotFound: ifNotFoundSkip,
});

export const reactivateUserDefinition = defineNodeDefinition({
  type: 'scim.reactivateUser',
  title: 'Reactivate SCIM user',
  category: 'scim',
  icon: 'user-check',
  description: 'Sets `active` back to true with PATCH. Idempotent: an active user gets no request.',
  config: reactivateUserConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: {
      found: { type: 'boolean' },
      changed: {
        type: 'boolean',
        description: 'False when the user already had active=true (nothing sent).',
      },
      user: scimUserShape,
    },
  },
  sideEffects: true,
  summary: userRefSummary,
  connectionFields: { connection: 'scim' },
});
