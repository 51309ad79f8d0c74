/** zod schemas of API bodies, queries and responses: they validate requests and generate the OpenAPI document. */
import { FlowSchema } from '@idflow/engine';
import { z } from 'zod';

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a slug: lowercase letters, digits and dashes');

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string(), nodeId: z.string().optional() })),
  }),
});

export const IssueOut = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string(),
  nodeId: z.string().optional(),
});

/** Flows are validated by the engine (validateFlow) so every problem is reported at once; the schema documents them. */
export const FlowBody = z.unknown();
/** What OpenAPI shows for a flow body. */
export const FlowDoc = FlowSchema;
export const FlowOut = z.record(z.string(), z.unknown()).meta({ description: 'A flow (schemaVersion 1)' });

export const FlowEnvelope = z.object({
  flow: FlowOut,
  version: z.number().int(),
  hash: z.string(),
  enabled: z.boolean(),
  updatedAt: z.string().optional(),
  /** False for a draft: a structurally sound flow with validation problems (it cannot be enabled or run). */
  valid: z.boolean(),
  /** The draft's validation errors, with paths; empty when valid. */
  problems: z.array(IssueOut),
});

export const FlowSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  enabled: z.boolean(),
  version: z.number().int(),
  hash: z.string(),
  updatedAt: z.string(),
  /** False for a draft (see FlowEnvelope.problems). */
  valid: z.boolean(),
  problemCount: z.number().int(),
  trigger: z
    .object({ type: z.string(), kind: z.string(), path: z.string().optional(), cron: z.string().optional() })
    .nullable(),
  lastRun: z
    .object({
      id: z.string(),
      status: z.string(),
      startedAt: z.string().optional(),
      finishedAt: z.string().optional(),
    })
    .optional(),
});

export const ValidateOut = z.object({
  ok: z.boolean(),
  errors: z.array(IssueOut),
  warnings: z.array(IssueOut),
});
export const EnabledOut = z.object({ enabled: z.boolean() });
export const ImportBody = z.object({
  flows: z.array(z.unknown()).min(1).max(1000),
  mode: z.literal('upsert').optional(),
  /** Enable (or disable) every imported flow; omitted keeps the stored state (new flows start disabled). */
  enable: z.boolean().optional(),
});
export const ImportOut = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.array(z.string()),
});
export const VersionsOut = z.object({
  items: z.array(
    z.object({ version: z.number(), hash: z.string(), savedAt: z.string(), summary: z.string() }),
  ),
});
export const ScheduleOut = z.object({
  cron: z.string(),
  timezone: z.string(),
  overlap: z.string(),
  misfire: z.string(),
  armed: z.boolean(),
  next: z.array(z.string()),
  lastFireAt: z.string().optional(),
  lastRunId: z.string().optional(),
  skippedTicks: z.number().int(),
});
export const WebhookOut = z.object({
  url: z.string(),
  path: z.string(),
  method: z.literal('POST'),
  auth: z.enum(['token', 'hmac']),
  respond: z.string(),
  secretSet: z.boolean(),
  enabled: z.boolean(),
});
export const WebhookSecretBody = z
  .object({ secret: z.string().min(16, 'must be at least 16 characters').max(512).optional() })
  .default({});
export const WebhookSecretOut = z.object({ secret: z.string(), auth: z.enum(['token', 'hmac']) });

// Runs
export const RunRecordOut = z
  .record(z.string(), z.unknown())
  .meta({ description: 'RunRecord (see packages/engine/src/run-types.ts)' });
export const RunNowBody = z
  .object({ input: z.unknown().optional(), dryRun: z.boolean().optional(), wait: z.boolean().optional() })
  .default({});
export const RunIdOut = z.object({ runId: z.string() });
export const RunEnvelope = z.object({ run: RunRecordOut });
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const RunsQuery = z.object({
  flowId: Slug.optional(),
  status: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(STATUSES)))
    .optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
  includeChildren: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const RunListOut = z.object({ items: z.array(RunRecordOut), nextCursor: z.string().optional() });
export const CancelOut = z.object({ status: z.string() });
export const PruneOut = z.object({ removed: z.number().int() });
export const RerunBody = z.object({ mode: z.enum(['sameVersion', 'latestVersion', 'fromFailedStep']) });
export const EventsQuery = z.object({
  flowId: Slug.optional(),
  runId: z.string().max(100).optional(),
  token: z.string().optional(),
});

// Connections (strict: an unknown field such as `auth.tokne` is a 400 naming it, not silently dropped)
const secretValue = z.string().min(1).max(4096);
export const AuthBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('bearer'), token: secretValue.optional() }),
  z.strictObject({
    type: z.literal('basic'),
    username: z.string().min(1).max(500),
    password: secretValue.optional(),
  }),
  z.strictObject({
    type: z.literal('apiKey'),
    header: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'must be a header name'),
    value: secretValue.optional(),
  }),
  z.strictObject({
    type: z.literal('oauth2'),
    tokenUrl: z.url(),
    clientId: z.string().min(1).max(500),
    clientSecret: secretValue.optional(),
    scope: z.string().max(1000).optional(),
  }),
]);
/** Options are kind-specific and free-form (`testPath`, `updateStyle`…); the ones checked here are named. */
const ConnectionOptions = z.looseObject({
  // SCIM: 'post' sends list/filter queries as POST `.search` bodies, keeping filter values (PII) out of URLs.
  search: z
    .enum(['get', 'post'], { error: "must be 'get' (query string) or 'post' (POST .search)" })
    .optional(),
});
export const ConnectionBody = z.strictObject({
  name: Slug,
  kind: z.enum(['scim', 'http']),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  auth: AuthBody,
  options: ConnectionOptions.default({}),
});
export const ConnectionView = z.object({
  name: z.string(),
  kind: z.enum(['scim', 'http']),
  baseUrl: z.string(),
  auth: z.record(z.string(), z.unknown()),
  options: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});
export const ConnectionList = z.object({ items: z.array(ConnectionView) });
export const ConnectionTestOut = z.object({
  ok: z.boolean(),
  status: z.number().optional(),
  message: z.string(),
  details: z.unknown().optional(),
});

export const NodeTypesOut = z.object({ items: z.array(z.record(z.string(), z.unknown())) });
export const HealthOut = z.object({ status: z.enum(['ok', 'shutting-down']), version: z.string() });
