/** Group membership checks: a filtered query first, the group's member list when the service rejects the filter. */
import { f, type ScimClient, ScimError } from '@idflow/scim';

/** Whether `userId` is a direct member of group `groupId`. */
export async function isMember(client: ScimClient, groupId: string, userId: string, signal: AbortSignal) {
  try {
    const page = await client.groups.list({
      filter: f.and(f.eq('id', groupId), f.valuePath('members', f.eq('value', userId))),
      excludedAttributes: 'members',
      count: 1,
      signal,
    });
    return page.totalResults > 0 || page.resources.length > 0;
  } catch (error) {
    if (!(error instanceof ScimError && error.status === 400)) throw error;
  }
  const group = await client.groups.get(groupId, { attributes: 'members', signal });
  return (group.members ?? []).some((m) => m.value === userId);
}

/** Ids and names of the groups `userId` is a direct member of. */
export async function groupsOf(client: ScimClient, userId: string, signal: AbortSignal) {
  const out: Array<{ id: string; displayName?: string }> = [];
  try {
    for await (const group of client.groups.iterate({
      filter: f.valuePath('members', f.eq('value', userId)),
      excludedAttributes: 'members',
      pageSize: 100,
      signal,
    })) {
      if (group.id) out.push({ id: group.id, displayName: group.displayName });
    }
    return out;
  } catch (error) {
    if (!(error instanceof ScimError && error.status === 400)) throw error;
  }
  // The service cannot filter on members: fall back to the user's read-only `groups` attribute.
  const user = await client.users.get(userId, { attributes: 'groups', signal });
  for (const g of user.groups ?? []) if (g.value) out.push({ id: g.value, displayName: g.display });
  return out;
}
