/** `scim.createUser` implementation: POST, and on 409 look the user up by userName (then externalId). */
import { defineNodeType, type NodeContext, NodeError } from '@idflow/engine';
import { f, type ScimClient, ScimError, type ScimUser } from '@idflow/scim';
import { scimClientFor } from '../shared/client';
import { scimCall, toNodeError } from '../shared/errors';
import { findUserByUserName, resolveManagerId } from '../shared/lookup';
import { type PlannedRequest, planned, planUpdate } from '../shared/plan';
import { diffUser, toScimUser } from '../shared/user-attributes';
import { type CreateUserConfig, createUserDefinition } from './definition';

async function findExisting(client: ScimClient, config: CreateUserConfig, signal: AbortSignal) {
  const byName = await findUserByUserName(client, config.user.userName, signal);
  if (byName || !config.user.externalId) return byName;
  const page = await client.users.list({
    filter: f.eq('externalId', config.user.externalId),
    count: 2,
    signal,
  });
  return page.resources[0] ?? null;
}

async function prepare(ctx: NodeContext<CreateUserConfig>) {
  const handle = await scimClientFor(ctx);
  const manager = ctx.config.user.manager;
  // No manager given (the usual create): no lookup and no extra await.
  const managerId =
    manager === undefined ? undefined : await resolveManagerId(handle.client, manager, ctx.signal);
  return { handle, managerId, body: toScimUser(ctx.config.user, managerId ?? undefined) };
}

function conflictError(config: CreateUserConfig, cause: unknown): NodeError {
  return new NodeError(
    'SCIM_CONFLICT',
    `User "${config.user.userName}" already exists. Set onConflict to "returnExisting" or "update" to carry on.`,
    {
      status: 409,
      details:
        cause instanceof ScimError
          ? { status: 409, scimType: cause.scimType, detail: cause.detail }
          : undefined,
      cause,
    },
  );
}

/** The POST and, on 409, what onConflict says. */
async function create(ctx: NodeContext<CreateUserConfig>) {
  const { client } = await scimClientFor(ctx);
  const manager = ctx.config.user.manager;
  // No manager given (the usual create): no lookup and no extra await.
  const managerId = manager === undefined ? undefined : await resolveManagerId(client, manager, ctx.signal);
  try {
    const user = await client.users.create(toScimUser(ctx.config.user, managerId ?? undefined), {
      signal: ctx.signal,
    });
    return { output: { user, created: true, changed: [] } };
  } catch (error) {
    if (!(error instanceof ScimError && error.status === 409)) throw error;
    if (ctx.config.onConflict === 'fail') throw conflictError(ctx.config, error);
    const existing = await findExisting(client, ctx.config, ctx.signal);
    if (!existing?.id) throw conflictError(ctx.config, error);
    if (ctx.config.onConflict === 'returnExisting')
      return { output: { user: existing, created: false, changed: [] } };
    const changes = diffUser(existing, ctx.config.user, managerId);
    const changed = Object.keys(changes);
    const user: ScimUser = changed.length
      ? await client.users.update(existing.id, changes, { signal: ctx.signal })
      : existing;
    return { output: { user, created: false, changed } };
  }
}

export const createUser = defineNodeType(createUserDefinition, {
  // Like scimCall, without its extra closure and promise per step: this node runs once per user in a bulk load.
  run: (ctx) =>
    create(ctx).catch((error: unknown) => {
      throw toNodeError(error, ctx.signal);
    }),

  plan: (ctx) =>
    scimCall(ctx, async () => {
      const { handle, managerId, body } = await prepare(ctx);
      const existing = await findExisting(handle.client, ctx.config, ctx.signal);
      const post: PlannedRequest = { method: 'POST', path: '/Users', body };
      if (!existing?.id) return planned([post], { outcome: 'create' });
      // The user exists: the POST would be answered 409, then onConflict decides.
      const rejected = { ...post, expectedStatus: 409 };
      if (ctx.config.onConflict === 'fail') {
        return planned([rejected], {
          outcome: 'conflict',
          existing,
          note: 'The node would fail with SCIM_CONFLICT.',
        });
      }
      if (ctx.config.onConflict === 'returnExisting')
        return planned([rejected], { outcome: 'existing', existing });
      const changes = diffUser(existing, ctx.config.user, managerId);
      const update = await planUpdate(handle, { ...existing, id: existing.id }, changes, ctx.signal);
      return planned([rejected, ...update], { outcome: 'update', existing, changed: Object.keys(changes) });
    }),
});
