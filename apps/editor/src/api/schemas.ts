/** zod schemas for every runtime response the editor reads: outside input is validated, never cast. */
import { z } from 'zod';

export const IssueSchema = z.looseObject({
  path: z.string().default(''),
  message: z.string(),
  nodeId: z.string().optional(),
  code: z.string().optional(),
});
export type Issue = z.output<typeof IssueSchema>;

export const ApiErrorBodySchema = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    details: z.array(IssueSchema).optional(),
    currentVersion: z.number().optional(),
  }),
});

export const LastRunSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});

export const FlowSummarySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  enabled: z.boolean(),
  version: z.number(),
  hash: z.string().optional(),
  updatedAt: z.string().optional(),
  /** False for a draft (saved with validation problems); older runtimes omit it. */
  valid: z.boolean().default(true),
  problemCount: z.number().default(0),
  trigger: z
    .looseObject({
      type: z.string().optional(),
      kind: z.string().optional(),
      path: z.string().optional(),
      cron: z.string().optional(),
    })
    .nullish(),
  lastRun: LastRunSchema.nullish(),
});
export type FlowSummary = z.output<typeof FlowSummarySchema>;

export const FlowListSchema = z.object({ items: z.array(FlowSummarySchema) });

/** The flow itself is validated by the engine's model on use; here we only check it is an object. */
export const FlowEnvelopeSchema = z.looseObject({
  flow: z.record(z.string(), z.unknown()),
  version: z.number(),
  hash: z.string().optional(),
  enabled: z.boolean().optional(),
  updatedAt: z.string().optional(),
  valid: z.boolean().default(true),
  problems: z.array(IssueSchema).default([]),
});
export type FlowEnvelope = z.output<typeof FlowEnvelopeSchema>;

/** One saved version (`GET /flows/:id/versions`): one entry per distinct content, with its latest version number. */
export const FlowVersionSchema = z.looseObject({
  version: z.number(),
  hash: z.string(),
  savedAt: z.string().default(''),
  /** The runtime's one-line summary of what changed against the previous version. */
  summary: z.string().default(''),
});
export type FlowVersion = z.output<typeof FlowVersionSchema>;
export const FlowVersionListSchema = z.object({ items: z.array(FlowVersionSchema) });
export const FlowVersionEnvelopeSchema = z.looseObject({
  flow: z.record(z.string(), z.unknown()),
  version: z.number(),
  hash: z.string(),
});

export const ValidateResultSchema = z.object({
  ok: z.boolean(),
  errors: z.array(IssueSchema).default([]),
  warnings: z.array(IssueSchema).default([]),
});

export const ImportResultSchema = z.looseObject({
  created: z.array(z.string()).default([]),
  updated: z.array(z.string()).default([]),
  unchanged: z.array(z.string()).default([]),
});

export const WebhookInfoSchema = z.looseObject({
  url: z.string().optional(),
  path: z.string().optional(),
  method: z.string().optional(),
  auth: z.union([z.string(), z.looseObject({ type: z.string().optional() })]).optional(),
  token: z.string().optional(),
  curl: z.string().optional(),
});
export type WebhookInfo = z.output<typeof WebhookInfoSchema>;

/** JSON Schema fragments are kept as plain records; the form walks them defensively. */
export const JsonSchemaSchema = z.record(z.string(), z.unknown());
export type JsonSchema = Record<string, unknown>;

export const PortSpecSchema = z.looseObject({ id: z.string(), label: z.string().optional() });

export const NodeTypeInfoSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  category: z.string(),
  description: z.string().default(''),
  icon: z.string().optional(),
  configSchema: JsonSchemaSchema.default({}),
  outputs: z.union([z.array(PortSpecSchema), z.literal('dynamic')]),
  hasInput: z.boolean(),
  output: JsonSchemaSchema.default({}),
  trigger: z.string().nullish(),
  sideEffects: z.union([z.boolean(), z.literal('dynamic')]).optional(),
  connectionFields: z.record(z.string(), z.string()).nullish(),
});
export type NodeTypeInfo = z.output<typeof NodeTypeInfoSchema>;
export const NodeTypeListSchema = z.object({ items: z.array(NodeTypeInfoSchema) });

export const ConnectionViewSchema = z.looseObject({
  name: z.string(),
  kind: z.string(),
  baseUrl: z.string().default(''),
  auth: z.looseObject({
    type: z.string(),
    secrets: z.record(z.string(), z.string()).optional(),
  }),
  options: z.record(z.string(), z.unknown()).nullish(),
  updatedAt: z.string().optional(),
});
export type ConnectionView = z.output<typeof ConnectionViewSchema>;
export const ConnectionListSchema = z.object({ items: z.array(ConnectionViewSchema) });

export const ConnectionTestSchema = z.looseObject({
  ok: z.boolean(),
  status: z.number().optional(),
  message: z.string().default(''),
  details: z.unknown().optional(),
});
export type ConnectionTestResult = z.output<typeof ConnectionTestSchema>;

const RunErrorSchema = z.looseObject({
  message: z.string(),
  code: z.string().default('INTERNAL'),
  nodeId: z.string().optional(),
  details: z.unknown().optional(),
});

export const StepRecordSchema = z.looseObject({
  nodeId: z.string(),
  type: z.string().default(''),
  status: z.enum(['running', 'succeeded', 'failed', 'skipped', 'cancelled']),
  attempts: z.number().default(0),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  truncated: z.boolean().optional(),
  ports: z.array(z.string()).optional(),
  error: RunErrorSchema.optional(),
  planned: z.boolean().optional(),
  reused: z.boolean().optional(),
  childRunIds: z.array(z.string()).optional(),
});

export const RunRecordSchema = z.looseObject({
  id: z.string(),
  flowId: z.string(),
  flowHash: z.string().default(''),
  flowVersion: z.number().optional(),
  rerunOf: z.string().optional(),
  trigger: z.looseObject({
    kind: z.enum(['manual', 'webhook', 'schedule', 'call', 'rerun']),
    data: z.unknown().optional(),
  }),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']),
  dryRun: z.boolean().optional(),
  queuedAt: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  steps: z.array(StepRecordSchema).default([]),
  output: z.unknown().optional(),
  response: z.unknown().optional(),
  error: RunErrorSchema.optional(),
});
export const RunEnvelopeSchema = z.object({ run: RunRecordSchema });
export const RunListSchema = z.object({ items: z.array(RunRecordSchema), nextCursor: z.string().nullish() });
export const RunIdSchema = z.object({ runId: z.string() });
