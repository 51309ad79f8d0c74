/** `scim.findUser` implementation: one filtered `GET /Users`. */
import { defineNodeType, NodeError } from '@idflow/engine';
import { f, type ScimFilter } from '@idflow/scim';
import { scimClientFor } from '../shared/client';
import { scimCall } from '../shared/errors';
import { type FindUserConfig, findUserDefinition } from './definition';

/** The `and` of every condition set in config, built with the escaping filter builder. */
export function buildUserFilter(config: FindUserConfig): ScimFilter {
  const parts: ScimFilter[] = [];
  if (config.userName !== undefined) parts.push(f.eq('userName', config.userName));
  if (config.email !== undefined) parts.push(f.eq('emails.value', config.email));
  if (config.externalId !== undefined) parts.push(f.eq('externalId', config.externalId));
  for (const w of config.where ?? []) {
    if (w.op === 'pr') parts.push(f.pr(w.attribute));
    else if (w.value === undefined)
      throw new NodeError('CONFIG_INVALID', `Condition on "${w.attribute}" needs a value.`);
    else parts.push(f[w.op](w.attribute, w.value));
  }
  if (parts.length === 0) {
    throw new NodeError('CONFIG_INVALID', 'Set userName, email, externalId or a condition to search on.');
  }
  return f.and(...parts);
}

export const findUser = defineNodeType(findUserDefinition, {
  run: (ctx) =>
    scimCall(ctx, async () => {
      const filter = buildUserFilter(ctx.config);
      const { client } = await scimClientFor(ctx);
      const page = await client.users.list({ filter, count: ctx.config.count, signal: ctx.signal });
      const users = page.resources;
      return {
        output: { found: users.length > 0, user: users[0] ?? null, users, totalResults: page.totalResults },
      };
    }),
});
