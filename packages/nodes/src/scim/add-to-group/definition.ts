/** `scim.addToGroup` definition: group by id or displayName, user by id or userName. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { groupRefFields, scimConnection, userRefFields } from '../shared/config-fields';

export const addToGroupConfig = z.object({ connection: scimConnection, ...groupRefFields, ...userRefFields });

export const addToGroupDefinition = defineNodeDefinition({
  type: 'scim.addToGroup',
  title: 'Add user to SCIM group',
  category: 'scim',
  icon: 'user-plus',
  description:
    'Adds a user to a group with PATCH `add members`. Idempotent: a user already in the group gets no request.',
  config: addToGroupConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: {
      group: { type: 'object', properties: { id: { type: 'string' }, displayName: { type: 'string' } } },
      userId: { type: 'string' },
      changed: { type: 'boolean', description: 'False when nothing had to be sent.' },
    },
  },
  sideEffects: true,
  summary: (c) =>
    `${String(c.userName ?? c.userId ?? 'user')} → ${String(c.groupName ?? c.groupId ?? 'group')}`,
  connectionFields: { connection: 'scim' },
});
