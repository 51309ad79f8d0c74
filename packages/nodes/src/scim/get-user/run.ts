/** `scim.getUser` implementation: `GET /Users/{id}`, a 404 per `ifNotFound`. */
import { defineNodeType, NodeError } from '@idflow/engine';
import { scimClientFor } from '../shared/client';
import { scimCall } from '../shared/errors';
import { getUserDefinition } from './definition';

export const getUser = defineNodeType(getUserDefinition, {
  run: (ctx) =>
    scimCall(ctx, async () => {
      const { client } = await scimClientFor(ctx);
      const user = await client.users.getOrNull(ctx.config.userId, { signal: ctx.signal });
      if (!user && ctx.config.ifNotFound === 'fail') {
        throw new NodeError('NOT_FOUND', `No SCIM user with id "${ctx.config.userId}".`, {
          details: { userId: ctx.config.userId },
        });
      }
      return { output: { found: user !== null, user } };
    }),
});
