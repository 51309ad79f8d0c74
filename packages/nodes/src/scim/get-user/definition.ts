/** `scim.getUser` definition: reads one user by SCIM id. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { scimUserShape } from '../../shared/output-shapes';
import { scimConnection } from '../shared/config-fields';

export const getUserConfig = z.object({
  connection: scimConnection,
  userId: z.string().min(1).max(500).meta({ title: 'User id', description: 'SCIM id of the user.' }),
  ifNotFound: z.enum(['fail', 'null']).default('fail').meta({
    title: 'If not found',
    description: '`fail` with NOT_FOUND, or output `found: false` and `user: null`.',
  }),
});

export const getUserDefinition = defineNodeDefinition({
  type: 'scim.getUser',
  title: 'Get SCIM user',
  category: 'scim',
  icon: 'user',
  description: 'Reads one user by its SCIM id (`GET /Users/{id}`).',
  config: getUserConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: { type: 'object', properties: { found: { type: 'boolean' }, user: scimUserShape } },
  sideEffects: false,
  summary: (c) => String(c.userId ?? ''),
  connectionFields: { connection: 'scim' },
});
