// The Groups endpoint: CRUD plus member add/remove with RFC paths (never Entra's legacy remove form).

import { SCHEMA_GROUP } from './constants';
import { memberPath } from './filter';
import { ResourceApi, type ResourceContext } from './resource';
import type { PatchOperation, RequestOptions, ScimGroup, ScimGroupMember } from './types';
import { patchNotSupported, withConflictRetry } from './update';

/** Members per PATCH request, so one call never grows without bound. */
const CHUNK = 100;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class GroupApi extends ResourceApi<ScimGroup> {
  constructor(ctx: ResourceContext, endpoint = '/Groups') {
    super(ctx, endpoint, 'groups', SCHEMA_GROUP, 'displayName');
  }

  /** PATCH `{"op":"add","path":"members","value":[{"value":id}]}`; GET+PUT when PATCH is unsupported. */
  addMembers(groupId: string, userIds: string[], opts: RequestOptions = {}): Promise<void> {
    return this.changeMembers(
      groupId,
      userIds,
      (ids) => [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
      (members, ids) => [
        ...members,
        ...ids.filter((id) => !members.some((m) => m.value === id)).map((value) => ({ value })),
      ],
      opts,
    );
  }

  /** PATCH one `{"op":"remove","path":"members[value eq \"id\"]"}` per user; GET+PUT when PATCH is unsupported. */
  removeMembers(groupId: string, userIds: string[], opts: RequestOptions = {}): Promise<void> {
    return this.changeMembers(
      groupId,
      userIds,
      (ids) => ids.map((id) => ({ op: 'remove', path: memberPath(id) })),
      (members, ids) => members.filter((m) => !ids.includes(m.value)),
      opts,
    );
  }

  private async changeMembers(
    groupId: string,
    userIds: string[],
    toOps: (ids: string[]) => PatchOperation[],
    edit: (members: ScimGroupMember[], ids: string[]) => ScimGroupMember[],
    opts: RequestOptions,
  ): Promise<void> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return;
    const { signal } = opts;
    const caps = await this.ctx.discovery.capabilities({ signal });
    if (caps.patch && this.ctx.updateStyle !== 'put') {
      try {
        for (const part of chunks(ids, CHUNK)) {
          await this.sendPatch(groupId, toOps(part), { signal });
        }
        return;
      } catch (error) {
        if (!patchNotSupported(error)) throw error;
      }
    }
    await withConflictRetry(this.ctx.attempts, async () => {
      const group = await this.get(groupId, { signal });
      const members = Array.isArray(group.members) ? group.members : [];
      const next = edit(members, ids);
      if (next.length === members.length && next.every((m, i) => m === members[i])) return;
      await this.replace(
        groupId,
        { ...group, members: next },
        { etag: caps.etag ? group.meta?.version : undefined, signal },
      );
    });
  }
}
