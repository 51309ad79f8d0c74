/** `scim.findGroup` implementation: GET by id or filter on displayName, without members. */
import { defineNodeType } from '@idflow/engine';
import { scimClientFor } from '../shared/client';
import { scimCall } from '../shared/errors';
import { findGroupRef } from '../shared/lookup';
import { findGroupDefinition } from './definition';

export const findGroup = defineNodeType(findGroupDefinition, {
  run: (ctx) =>
    scimCall(ctx, async () => {
      const { client } = await scimClientFor(ctx);
      const group = await findGroupRef(client, ctx.config, ctx.signal);
      return { output: { found: group !== null, group } };
    }),
});
