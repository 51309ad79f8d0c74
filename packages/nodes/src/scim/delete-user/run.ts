/** `scim.deleteUser` implementation: resolve, then DELETE; a user already gone is handled per `ifNotFound`. */
import { defineNodeType, type NodeContext, NodeError } from '@idflow/engine';
import { ScimError } from '@idflow/scim';
import { scimClientFor } from '../shared/client';
import { scimCall } from '../shared/errors';
import { findUserRef } from '../shared/lookup';
import { planned, userPath } from '../shared/plan';
import { deleteUserDefinition } from './definition';

type Config = NodeContext<{
  connection: string;
  userId?: string;
  userName?: string;
  ifNotFound: 'fail' | 'skip';
}>;

function notFound(ctx: Config) {
  if (ctx.config.ifNotFound === 'skip') return { output: { found: false, deleted: false, userId: null } };
  const who = ctx.config.userId ? `id "${ctx.config.userId}"` : `userName "${ctx.config.userName}"`;
  throw new NodeError('NOT_FOUND', `No SCIM user with ${who}. Set ifNotFound to "skip" to carry on.`);
}

export const deleteUser = defineNodeType(deleteUserDefinition, {
  run: (ctx) =>
    scimCall(ctx, async () => {
      const { client } = await scimClientFor(ctx);
      const user = await findUserRef(client, ctx.config, ctx.signal);
      if (!user?.id) return notFound(ctx);
      try {
        await client.users.delete(user.id, { signal: ctx.signal });
      } catch (error) {
        // Deleted by someone else between the read and the DELETE.
        if (error instanceof ScimError && error.status === 404) return notFound(ctx);
        throw error;
      }
      return { output: { found: true, deleted: true, userId: user.id } };
    }),
  plan: (ctx) =>
    scimCall(ctx, async () => {
      const { client } = await scimClientFor(ctx);
      const user = await findUserRef(client, ctx.config, ctx.signal);
      if (!user?.id) return { ...notFound(ctx), output: { planned: true, requests: [], found: false } };
      return planned([{ method: 'DELETE', path: userPath(user.id) }], { found: true, userId: user.id });
    }),
});
