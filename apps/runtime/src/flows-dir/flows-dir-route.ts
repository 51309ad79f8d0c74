/** GET /api/v1/flows-dir: what directory mode loaded, per file (status, errors with paths and line/column). */
import { z } from 'zod';
import type { RuntimeContext } from '../context';
import { ApiError } from '../http/errors';
import { defineRoute, type Route } from '../http/route';

const FileIssueOut = z.object({
  path: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  code: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export const FlowsDirOut = z.object({
  dir: z.string(),
  files: z.array(
    z.object({
      file: z.string(),
      flowId: z.string().optional(),
      status: z.enum(['loaded', 'invalid', 'unchanged']),
      errors: z.array(FileIssueOut).optional(),
      warnings: z.array(FileIssueOut).optional(),
      migratedFrom: z.number().int().optional(),
    }),
  ),
});

export function flowsDirRoutes(c: RuntimeContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/flows-dir',
      summary: 'Directory mode: each *.flow.json file and whether it loaded',
      tag: 'flows',
      response: FlowsDirOut,
      handler: async (_i, _req, res) => {
        if (!c.flowsDir)
          throw new ApiError('NOT_FOUND', 'Directory mode is off: start the runtime with --flows-dir DIR.');
        res.json(c.flowsDir.view());
      },
    }),
  ];
}
