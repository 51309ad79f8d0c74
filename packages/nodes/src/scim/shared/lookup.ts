/** Finds users and groups named by id or by userName/displayName, with the client's escaping filter builder. */
import { NodeError } from '@idflow/engine';
import { f, type ScimClient, type ScimGroup, type ScimUser } from '@idflow/scim';

export interface UserRef {
  userId?: string;
  userName?: string;
}

export interface GroupRef {
  groupId?: string;
  groupName?: string;
}

function describe(ref: UserRef): string {
  return ref.userId ? `id "${ref.userId}"` : `userName "${ref.userName}"`;
}

/** The user, or null when it does not exist. */
export async function findUserRef(
  client: ScimClient,
  ref: UserRef,
  signal: AbortSignal,
): Promise<ScimUser | null> {
  if (ref.userId) return client.users.getOrNull(ref.userId, { signal });
  if (ref.userName) return findUserByUserName(client, ref.userName, signal);
  throw new NodeError('CONFIG_INVALID', 'Set userId or userName to say which user.');
}

/** Fails AMBIGUOUS when a lookup by name found more than one resource: taking the first could act on the wrong one. */
function single<T extends { id?: string }>(resources: T[], what: string, idField: string): T | null {
  if (resources.length > 1) {
    throw new NodeError('AMBIGUOUS', `More than one SCIM ${what}; set ${idField} to say which one.`, {
      retryable: false,
      details: { matches: resources.map((r) => r.id ?? null) },
    });
  }
  return resources[0] ?? null;
}

/** The user with this userName, null when none; NodeError AMBIGUOUS when the service returns more than one. */
export async function findUserByUserName(client: ScimClient, userName: string, signal: AbortSignal) {
  const page = await client.users.list({ filter: f.eq('userName', userName), count: 2, signal });
  return single(page.resources, `user has userName ${JSON.stringify(userName)}`, 'userId');
}

/** The user, or NodeError NOT_FOUND. */
export async function requireUser(client: ScimClient, ref: UserRef, signal: AbortSignal): Promise<ScimUser> {
  const user = await findUserRef(client, ref, signal);
  if (!user?.id) throw new NodeError('NOT_FOUND', `No SCIM user with ${describe(ref)}.`, { details: ref });
  return user;
}

/** The group without its member list, or null; NodeError AMBIGUOUS when a groupName matches more than one. */
export async function findGroupRef(
  client: ScimClient,
  ref: GroupRef,
  signal: AbortSignal,
): Promise<ScimGroup | null> {
  if (ref.groupId) return client.groups.getOrNull(ref.groupId, { excludedAttributes: 'members', signal });
  if (ref.groupName) {
    const page = await client.groups.list({
      filter: f.eq('displayName', ref.groupName),
      excludedAttributes: 'members',
      count: 2,
      signal,
    });
    return single(page.resources, `group has displayName ${JSON.stringify(ref.groupName)}`, 'groupId');
  }
  throw new NodeError('CONFIG_INVALID', 'Set groupId or groupName to say which group.');
}

export async function requireGroup(
  client: ScimClient,
  ref: GroupRef,
  signal: AbortSignal,
): Promise<ScimGroup> {
  const group = await findGroupRef(client, ref, signal);
  if (!group?.id) {
    const what = ref.groupId ? `id "${ref.groupId}"` : `displayName "${ref.groupName}"`;
    throw new NodeError('NOT_FOUND', `No SCIM group with ${what}.`, { details: ref });
  }
  return group;
}

/** Resolves a manager given by id or userName to its id; `undefined` when not set, `null` to clear it. */
export async function resolveManagerId(
  client: ScimClient,
  manager: { id?: string; userName?: string } | null | undefined,
  signal: AbortSignal,
): Promise<string | null | undefined> {
  if (manager === undefined) return undefined;
  if (manager === null) return null;
  if (manager.id) return manager.id;
  if (!manager.userName) return undefined;
  const found = await findUserByUserName(client, manager.userName, signal);
  if (!found?.id) throw new NodeError('NOT_FOUND', `Manager "${manager.userName}" is not a SCIM user.`);
  return found.id;
}
