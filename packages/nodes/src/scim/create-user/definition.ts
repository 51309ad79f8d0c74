/** `scim.createUser` definition: creates a user; a 409 uniqueness conflict is handled as `onConflict` says. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { scimUserShape } from '../../shared/output-shapes';
import { scimConnection, userAttributes } from '../shared/config-fields';

export const createUserConfig = z.object({
  connection: scimConnection,
  user: userAttributes
    .extend({
      userName: z.string().min(1).max(500).meta({ title: 'User name', description: 'Unique login name.' }),
    })
    .meta({ title: 'User', description: 'Attributes of the new user; `active` defaults to true.' }),
  onConflict: z.enum(['fail', 'returnExisting', 'update']).default('fail').meta({
    title: 'If the user exists',
    description:
      'On 409 uniqueness: `fail` with SCIM_CONFLICT, `returnExisting` outputs the existing user, `update` sets the given attributes on it (only the changed ones).',
  }),
});

export type CreateUserConfig = z.output<typeof createUserConfig>;

export const createUserDefinition = defineNodeDefinition({
  type: 'scim.createUser',
  title: 'Create SCIM user',
  category: 'scim',
  icon: 'user-plus',
  description:
    'Creates a user (`POST /Users`) with core and enterprise attributes. When the user already exists (409), fails, returns the existing user, or updates it, as chosen.',
  config: createUserConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: {
      user: scimUserShape,
      created: { type: 'boolean', description: 'False when an existing user was returned or updated.' },
      changed: {
        type: 'array',
        items: { type: 'string' },
        description: 'With onConflict update: paths changed.',
      },
    },
  },
  sideEffects: true,
  summary: (c) => {
    const user = c.user as { userName?: unknown } | undefined;
    return typeof user?.userName === 'string' ? user.userName : 'new user';
  },
  connectionFields: { connection: 'scim' },
});
