/** `scim.removeFromGroup` definition: group by id or displayName, user by id or userName. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { groupRefFields, scimConnection, userRefFields } from '../shared/config-fields';

export const removeFromGroupConfig = z.object({
  connection: scimConnection,
  ...groupRefFields,
  ...userRefFields,
});

export const removeFromGroupDefinition = defineNodeDefinition({
  type: 'scim.removeFromGroup',
  title: 'Remove user from SCIM group',
  category: 'scim',
  icon: 'user-minus',
  description:
    'Removes a user from a group with PATCH `remove members[value eq "<id>"]`, never the legacy form that can empty a group. Idempotent: a non-member gets no request.',
  config: removeFromGroupConfig,
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
    `${String(c.userName ?? c.userId ?? 'user')} ← ${String(c.groupName ?? c.groupId ?? 'group')}`,
  connectionFields: { connection: 'scim' },
});
