/** Shared run/plan of `scim.addToGroup` and `scim.removeFromGroup`: idempotent membership changes. */
import type { NodeContext, NodeResult } from '@idflow/engine';
import { memberPath } from '@idflow/scim';
import type { ScimHandle } from './client';
import { scimClientFor } from './client';
import { scimCall } from './errors';
import { requireGroup, requireUser } from './lookup';
import { isMember } from './membership';
import { groupPath, type PlannedRequest, patchRequest, putBody } from './plan';

export interface MembershipConfig {
  connection: string;
  groupId?: string;
  groupName?: string;
  userId?: string;
  userName?: string;
}

async function load(ctx: NodeContext<MembershipConfig>) {
  const handle = await scimClientFor(ctx);
  const group = await requireGroup(handle.client, ctx.config, ctx.signal);
  // A user id is used as given (no read); a userName is looked up.
  const userId = ctx.config.userId ?? (await requireUser(handle.client, ctx.config, ctx.signal)).id!;
  const member = await isMember(handle.client, group.id!, userId, ctx.signal);
  return { handle, group: { id: group.id!, displayName: group.displayName }, userId, member };
}

/** The requests `groups.addMembers`/`removeMembers` send for one user on this service. */
async function planMembership(
  handle: ScimHandle,
  groupId: string,
  userId: string,
  add: boolean,
  signal: AbortSignal,
): Promise<PlannedRequest[]> {
  const caps = await handle.client.capabilities({ signal });
  if (caps.patch && handle.updateStyle !== 'put') {
    const op = add
      ? { op: 'add' as const, path: 'members', value: [{ value: userId }] }
      : { op: 'remove' as const, path: memberPath(userId) };
    return [patchRequest(groupPath(groupId), [op])];
  }
  const group = await handle.client.groups.get(groupId, { signal });
  const members = group.members ?? [];
  const next = add ? [...members, { value: userId }] : members.filter((m) => m.value !== userId);
  return [{ method: 'PUT', path: groupPath(groupId), body: putBody({ ...group, members: next }) }];
}

/** Implementation for a node that adds (`add`) or removes a user; nothing is sent when already so. */
export function membership(add: boolean) {
  return {
    run: (ctx: NodeContext<MembershipConfig>): Promise<NodeResult> =>
      scimCall(ctx, async () => {
        const { handle, group, userId, member } = await load(ctx);
        if (member === add) return { output: { group, userId, changed: false } };
        const api = handle.client.groups;
        if (add) await api.addMembers(group.id, [userId], { signal: ctx.signal });
        else await api.removeMembers(group.id, [userId], { signal: ctx.signal });
        return { output: { group, userId, changed: true } };
      }),
    plan: (ctx: NodeContext<MembershipConfig>): Promise<NodeResult> =>
      scimCall(ctx, async () => {
        const { handle, group, userId, member } = await load(ctx);
        const requests =
          member === add ? [] : await planMembership(handle, group.id, userId, add, ctx.signal);
        return { output: { planned: true, requests, group, userId, changed: member !== add } };
      }),
  };
}
