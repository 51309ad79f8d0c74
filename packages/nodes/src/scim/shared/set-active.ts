/** Shared run/plan of `scim.deactivateUser` and `scim.reactivateUser`: idempotent `active` changes. */
import type { NodeContext, NodeResult } from '@idflow/engine';
import { NodeError } from '@idflow/engine';
import { scimClientFor } from './client';
import { scimCall } from './errors';
import { findUserRef } from './lookup';
import { planned, planUpdate } from './plan';

export interface SetActiveConfig {
  connection: string;
  userId?: string;
  userName?: string;
  ifNotFound: 'fail' | 'skip';
}

async function load(ctx: NodeContext<SetActiveConfig>) {
  const handle = await scimClientFor(ctx);
  const user = await findUserRef(handle.client, ctx.config, ctx.signal);
  if (!user?.id && ctx.config.ifNotFound === 'fail') {
    const who = ctx.config.userId ? `id "${ctx.config.userId}"` : `userName "${ctx.config.userName}"`;
    throw new NodeError('NOT_FOUND', `No SCIM user with ${who}. Set ifNotFound to "skip" to carry on.`);
  }
  return { handle, user: user?.id ? { ...user, id: user.id } : null };
}

/** Implementation for a node that sets `active` to `active`; nothing is sent when it already has that value. */
export function setActive(active: boolean) {
  return {
    run: (ctx: NodeContext<SetActiveConfig>): Promise<NodeResult> =>
      scimCall(ctx, async () => {
        const { handle, user } = await load(ctx);
        if (!user) return { output: { found: false, changed: false, user: null } };
        if (user.active === active) return { output: { found: true, changed: false, user } };
        const api = handle.client.users;
        const updated = active
          ? await api.reactivate(user.id, { signal: ctx.signal })
          : await api.deactivate(user.id, { signal: ctx.signal });
        return { output: { found: true, changed: true, user: updated } };
      }),
    plan: (ctx: NodeContext<SetActiveConfig>): Promise<NodeResult> =>
      scimCall(ctx, async () => {
        const { handle, user } = await load(ctx);
        if (!user) return planned([], { found: false, changed: false });
        if (user.active === active) return planned([], { found: true, changed: false, user });
        return planned(await planUpdate(handle, user, { active }, ctx.signal), {
          found: true,
          changed: true,
          user,
        });
      }),
  };
}
