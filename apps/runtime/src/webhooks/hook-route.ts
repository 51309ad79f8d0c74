/**
 * POST /hooks/:path as an Express route: documented in OpenAPI, and the door for webhook requests the raw ingress
 * leaves to Express (compressed bodies, paths Express normalises). Both call the same handler (hook-handler.ts).
 */

import { defineRoute, type Route } from '../http/route';
import { writeHookAnswer } from './hook-answer';
import type { HookAnswer, HookRequest } from './hook-handler';

export function hookRoutes(handle: (req: HookRequest) => Promise<HookAnswer>): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/hooks/:path',
      summary: 'Webhook trigger: runs the enabled flow listening on this path (per-flow token or HMAC)',
      tag: 'webhooks',
      auth: 'webhook',
      status: 202,
      handler: async ({ params }, req, res) => {
        const answer = await handle({
          path: params.path ?? '',
          method: req.method,
          headers: req.headers,
          query: { ...(req.query as Record<string, unknown>) },
          raw: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        });
        writeHookAnswer(res, answer);
      },
    }),
  ];
}
