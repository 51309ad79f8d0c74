/** `scim.deactivateUser` definition: sets a user's `active` to false, idempotently. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { scimUserShape } from '../../shared/output-shapes';
import { ifNotFoundSkip, scimConnection, userRefFields, userRefSummary } from '../shared/config-fields';

export const deactivateUserConfig = z.object({
  connection: scimConnection,
  ...userRefFields,
  ifNotFound: ifNotFoundSkip,
});

export const deactivateUserDefinition = defineNodeDefinition({
  type: 'scim.deactivateUser',
  title: 'Deactivate SCIM user',
  category: 'scim',
  icon: 'user-x',
  description:
    "Sets `active` to false with PATCH (Okta and Entra's soft delete; never DELETE). Idempotent: an inactive user gets no request.",
  config: deactivateUserConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: {
      found: { type: 'boolean' },
      changed: {
        type: 'boolean',
        description: 'False when the user already had active=false (nothing sent).',
      },
      user: scimUserShape,
    },
  },
  sideEffects: true,
  summary: userRefSummary,
  connectionFields: { connection: 'scim' },
});
