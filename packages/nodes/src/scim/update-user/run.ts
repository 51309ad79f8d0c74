/** `scim.updateUser` implementation: GET, diff, then `users.update` with only the changed attributes. */
import { defineNodeType } from '@idflow/engine';
import { scimClientFor } from '../shared/client';
import { scimCall } from '../shared/errors';
import { requireUser, resolveManagerId } from '../shared/lookup';
import { planned, planUpdate } from '../shared/plan';
import { diffUser } from '../shared/user-attributes';
import { updateUserDefinition } from './definition';

export const updateUser = defineNodeType(updateUserDefinition, {
  run: (ctx) =>
    scimCall(ctx, async () => {
      const { client } = await scimClientFor(ctx);
      const current = await requireUser(client, ctx.config, ctx.signal);
      const managerId = await resolveManagerId(client, ctx.config.user.manager, ctx.signal);
      const changes = diffUser(current, ctx.config.user, managerId);
      const changed = Object.keys(changes);
      if (changed.length === 0) return { output: { user: current, changed } };
      const user = await client.users.update(current.id!, changes, { signal: ctx.signal });
      return { output: { user, changed } };
    }),

  plan: (ctx) =>
    scimCall(ctx, async () => {
      const handle = await scimClientFor(ctx);
      const current = await requireUser(handle.client, ctx.config, ctx.signal);
      const managerId = await resolveManagerId(handle.client, ctx.config.user.manager, ctx.signal);
      const changes = diffUser(current, ctx.config.user, managerId);
      const requests = await planUpdate(handle, { ...current, id: current.id! }, changes, ctx.signal);
      return planned(requests, { user: current, changed: Object.keys(changes) });
    }),
});
