/** `scim.removeFromAllGroups` implementation: list the user's groups, then remove the membership in each. */
import { defineNodeType, type NodeContext, NodeError } from '@idflow/engine';
import { memberPath } from '@idflow/scim';
import { scimClientFor } from '../shared/client';
import { scimCall } from '../shared/errors';
import { findUserRef } from '../shared/lookup';
import { groupsOf } from '../shared/membership';
import { groupPath, patchRequest, planned } from '../shared/plan';
import { removeFromAllGroupsDefinition } from './definition';

type Ctx = NodeContext<{
  connection: string;
  userId?: string;
  userName?: string;
  ifNotFound: 'fail' | 'skip';
}>;

async function load(ctx: Ctx) {
  const handle = await scimClientFor(ctx);
  const user = await findUserRef(handle.client, ctx.config, ctx.signal);
  if (!user?.id) {
    if (ctx.config.ifNotFound === 'skip') return { handle, userId: null, groups: [] };
    const who = ctx.config.userId ? `id "${ctx.config.userId}"` : `userName "${ctx.config.userName}"`;
    throw new NodeError('NOT_FOUND', `No SCIM user with ${who}. Set ifNotFound to "skip" to carry on.`);
  }
  return { handle, userId: user.id, groups: await groupsOf(handle.client, user.id, ctx.signal) };
}

export const removeFromAllGroups = defineNodeType(removeFromAllGroupsDefinition, {
  run: (ctx) =>
    scimCall(ctx, async () => {
      const { handle, userId, groups } = await load(ctx);
      if (!userId) return { output: { found: false, userId: null, removedFrom: [] } };
      // One group at a time: a failure names the group, and what was already removed stays removed (re-runnable).
      for (const group of groups)
        await handle.client.groups.removeMembers(group.id, [userId], { signal: ctx.signal });
      return { output: { found: true, userId, removedFrom: groups } };
    }),
  plan: (ctx) =>
    scimCall(ctx, async () => {
      const { handle, userId, groups } = await load(ctx);
      if (!userId) return planned([], { found: false, userId: null, removedFrom: [] });
      const caps = await handle.client.capabilities({ signal: ctx.signal });
      const requests =
        caps.patch && handle.updateStyle !== 'put'
          ? groups.map((g) => patchRequest(groupPath(g.id), [{ op: 'remove', path: memberPath(userId) }]))
          : groups.map((g) => ({
              method: 'PUT' as const,
              path: groupPath(g.id),
              body: '(group without this member)',
            }));
      return planned(requests, { found: true, userId, removedFrom: groups });
    }),
});
