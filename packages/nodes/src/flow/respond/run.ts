/** `flow.respond` implementation: returns the body as output and the response for the runtime. */
import { defineNodeType } from '@idflow/engine';
import { respondDefinition } from './definition';

export const respondNode = defineNodeType(respondDefinition, {
  run: async (ctx) => {
    const body = ctx.config.body ?? null;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.config.headers)) headers[k.toLowerCase()] = v;
    return { output: body, response: { status: ctx.config.status, headers, body } };
  },
});
