/** `scim.findGroup` definition: finds a group by id or displayName. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { scimGroupShape } from '../../shared/output-shapes';
import { groupRefFields, scimConnection } from '../shared/config-fields';

export const findGroupConfig = z.object({ connection: scimConnection, ...groupRefFields });

export const findGroupDefinition = defineNodeDefinition({
  type: 'scim.findGroup',
  title: 'Find SCIM group',
  category: 'scim',
  icon: 'users',
  description:
    'Looks a group up by id or by displayName (members are not fetched). Outputs `found` and `group`; not finding it is not an error.',
  config: findGroupConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: { type: 'object', properties: { found: { type: 'boolean' }, group: scimGroupShape } },
  sideEffects: false,
  summary: (c) => String(c.groupName ?? c.groupId ?? 'group'),
  connectionFields: { connection: 'scim' },
});
