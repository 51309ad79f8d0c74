/**
 * /api/v1/flows: CRUD with If-Match versioning (invalid flows saved as disabled drafts), validate, enable/disable,
 * canonical export, all-or-nothing import, versions. Every flow answer says whether it is `valid`.
 */
import { toCanonicalJson, validateFlow } from '@idflow/engine';
import { z } from 'zod';
import {
  EnabledOut,
  FlowBody,
  FlowDoc,
  FlowEnvelope,
  FlowSummary,
  ImportBody,
  ImportOut,
  ValidateOut,
  VersionsOut,
} from '../api-schemas';
import type { RuntimeContext } from '../context';
import { triggerSummary } from '../flow-triggers';
import { ApiError } from '../http/errors';
import { defineRoute, type Route, SlugParam } from '../http/route';
import type { StoredFlow } from '../store/types';

const BASE = '/api/v1/flows';

export function flowId(params: Record<string, string>): string {
  const parsed = SlugParam.safeParse(params.id);
  if (!parsed.success) throw new ApiError('NOT_FOUND', 'Flow ids are slugs; this one cannot exist.');
  return parsed.data;
}

export async function getFlowOr404(c: RuntimeContext, id: string): Promise<StoredFlow> {
  const stored = await c.store.getFlow(id);
  if (!stored)
    throw new ApiError('NOT_FOUND', `Flow ${id} does not exist: GET /api/v1/flows lists the stored ids.`);
  return stored;
}

/** `"3"`, `W/"3"` or `3` → 3; missing → 428, garbage → 400. */
function ifMatchVersion(header: string | undefined): number {
  if (header === undefined) {
    throw new ApiError(
      'PRECONDITION_REQUIRED',
      'Send If-Match: "<version>" (the ETag you read) to update a flow.',
      [{ path: 'If-Match', message: 'required' }],
    );
  }
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m)
    throw new ApiError('VALIDATION', 'If-Match must be the flow version in quotes, e.g. "3".', [
      { path: 'If-Match', message: 'must look like "3"' },
    ]);
  return Number(m[1]);
}

export function flowRoutes(c: RuntimeContext): Route[] {
  const envelope = (s: StoredFlow) => {
    const problems = c.flows.problems(s);
    return {
      flow: s.flow,
      version: s.version,
      hash: s.hash,
      enabled: s.enabled,
      updatedAt: s.updatedAt,
      valid: problems.length === 0,
      problems,
    };
  };
  return [
    defineRoute({
      method: 'get',
      path: BASE,
      summary: 'List flows with their trigger and last run',
      tag: 'flows',
      response: z.object({ items: z.array(FlowSummary) }),
      handler: async (_i, _req, res) => {
        const flows = await c.store.listFlows();
        const items = await Promise.all(
          flows.map(async (s) => {
            const last = (await c.store.listRuns({ flowId: s.flow.id, limit: 1 })).items[0];
            const problemCount = c.flows.problems(s).length;
            return {
              id: s.flow.id,
              name: s.flow.name,
              ...(s.flow.description ? { description: s.flow.description } : {}),
              enabled: s.enabled,
              version: s.version,
              hash: s.hash,
              updatedAt: s.updatedAt,
              valid: problemCount === 0,
              problemCount,
              trigger: triggerSummary(s.flow, c.catalog),
              ...(last
                ? {
                    lastRun: {
                      id: last.id,
                      status: last.status,
                      startedAt: last.startedAt,
                      finishedAt: last.finishedAt,
                    },
                  }
                : {}),
            };
          }),
        );
        res.json({ items });
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/validate`,
      summary: 'Validate a flow without saving it',
      tag: 'flows',
      body: FlowBody,
      bodyDoc: FlowDoc,
      response: ValidateOut,
      handler: async ({ body }, _req, res) => {
        const r = validateFlow(body, c.catalog);
        res.json({ ok: r.ok, errors: r.ok ? [] : r.errors, warnings: r.warnings });
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/import`,
      summary: 'Import flows, all or nothing',
      tag: 'flows',
      body: ImportBody,
      response: ImportOut,
      handler: async ({ body }, _req, res) => {
        res.json(await c.flows.importFlows(body.flows, body.enable));
      },
    }),
    defineRoute({
      method: 'post',
      path: BASE,
      summary: 'Create a flow (disabled until enabled); an invalid flow is saved as a draft (valid: false)',
      tag: 'flows',
      body: FlowBody,
      bodyDoc: FlowDoc,
      status: 201,
      response: FlowEnvelope,
      handler: async ({ body }, _req, res) => {
        const saved = await c.flows.create(body);
        res.status(201).setHeader('ETag', `"${saved.version}"`).json(envelope(saved));
      },
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/:id`,
      summary: 'Get a flow (ETag: its version)',
      tag: 'flows',
      response: FlowEnvelope,
      handler: async ({ params }, _req, res) => {
        const s = await getFlowOr404(c, flowId(params));
        res.setHeader('ETag', `"${s.version}"`).json(envelope(s));
      },
    }),
    defineRoute({
      method: 'put',
      path: `${BASE}/:id`,
      summary:
        'Replace a flow; If-Match "<version>" required, stale → 409; invalid → draft while disabled, 400 FLOW_INVALID while enabled',
      tag: 'flows',
      body: FlowBody,
      bodyDoc: FlowDoc,
      response: FlowEnvelope,
      handler: async ({ body, params }, req, res) => {
        const id = flowId(params);
        const expected = ifMatchVersion(req.headers['if-match']);
        const saved = await c.flows.update(id, body, expected);
        res.setHeader('ETag', `"${saved.version}"`).json(envelope(saved));
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${BASE}/:id`,
      summary: 'Delete a flow',
      tag: 'flows',
      status: 204,
      handler: async ({ params }, _req, res) => {
        const id = flowId(params);
        if (!(await c.flows.remove(id))) throw new ApiError('NOT_FOUND', `Flow ${id} does not exist.`);
        res.status(204).end();
      },
    }),
    ...(['enable', 'disable'] as const).map((action) =>
      defineRoute({
        method: 'post',
        path: `${BASE}/:id/${action}`,
        summary:
          action === 'enable'
            ? "Enable a flow's trigger (400 FLOW_INVALID for a draft)"
            : "Disable a flow's trigger",
        tag: 'flows',
        response: EnabledOut,
        handler: async ({ params }, _req, res) => {
          const saved = await c.flows.setEnabled(flowId(params), action === 'enable');
          res.json({ enabled: saved.enabled });
        },
      }),
    ),
    defineRoute({
      method: 'get',
      path: `${BASE}/:id/export`,
      summary: 'Export a flow as canonical JSON',
      tag: 'flows',
      produces: 'application/json',
      handler: async ({ params }, _req, res) => {
        const s = await getFlowOr404(c, flowId(params));
        res
          .type('application/json')
          .setHeader('Content-Disposition', `attachment; filename="${s.flow.id}.flow.json"`)
          .send(toCanonicalJson(s.flow, c.catalog));
      },
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/:id/versions`,
      summary: 'List saved versions of a flow',
      tag: 'flows',
      response: VersionsOut,
      handler: async ({ params }, _req, res) => {
        const id = flowId(params);
        await getFlowOr404(c, id);
        const items = (await c.store.listFlowVersions(id)).map((v) => ({
          version: v.version,
          hash: v.hash,
          savedAt: v.savedAt,
          summary: v.summary,
        }));
        res.json({ items });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/:id/versions/:hash`,
      summary: 'Get one saved version of a flow by hash',
      tag: 'flows',
      response: FlowEnvelope.omit({ enabled: true, updatedAt: true, valid: true, problems: true }),
      handler: async ({ params }, _req, res) => {
        const id = flowId(params);
        const hash = String(params.hash ?? '');
        const v = /^[0-9a-f]{64}$/.test(hash) ? await c.store.getFlowVersion(id, hash) : undefined;
        if (!v) throw new ApiError('NOT_FOUND', `Flow ${id} has no version with hash ${hash.slice(0, 64)}.`);
        res.json({ flow: v.flow, version: v.version, hash: v.hash });
      },
    }),
  ];
}
