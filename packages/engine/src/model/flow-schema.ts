/** The flow file format (schemaVersion 1) as zod schemas: the one source for validation, types and JSON Schema. */
import { z } from 'zod';

export const CURRENT_SCHEMA_VERSION = 1;

/** Flow ids, node ids, webhook paths: lowercase slugs, so they are safe in URLs and file names. */
export const SlugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'must be a slug: lowercase letters, digits and dashes, starting with a letter or digit',
  );

export const NodeTypeIdSchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)+$/, 'must be a node type id such as "scim.createUser"');

export const PositionSchema = z.strictObject({ x: z.number().int(), y: z.number().int() });

/** Which failures a retry policy retries. */
export const RetryOnSchema = z.enum(['network', 'timeout', '429', '5xx', 'any']);

export const RetryPolicySchema = z
  .strictObject({
    attempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .meta({ description: 'Total attempts, the first one included.' }),
    initialDelayMs: z.number().int().min(0).max(600_000).default(500),
    maxDelayMs: z.number().int().min(0).max(3_600_000).default(30_000),
    multiplier: z.number().min(1).max(10).default(2),
    jitter: z.boolean().default(true),
    retryOn: z.array(RetryOnSchema).default(['network', 'timeout', '429', '5xx']),
  })
  .meta({ title: 'Retry policy', description: 'Exponential backoff with jitter; Retry-After is honoured.' });

export const FlowNodeSchema = z.strictObject({
  id: SlugSchema,
  type: NodeTypeIdSchema,
  /** Display title; renaming a node changes this one line, never its id or its edges. */
  name: z.string().max(200).optional(),
  position: PositionSchema,
  /** Checked against the node type's own config schema. A string starting with `=` is a JSONata expression. */
  config: z.record(z.string(), z.unknown()).default({}),
  retry: RetryPolicySchema.optional(),
  timeoutMs: z.number().int().min(1).max(86_400_000).optional(),
  /** When true the node has an `error` output port: a failure after the last attempt continues there. */
  errorPort: z.boolean().optional(),
  /** Free text for reviewers. */
  notes: z.string().max(5000).optional(),
});

export const FlowEdgeSchema = z.strictObject({
  from: SlugSchema,
  /** Output port of the source node; `out` when omitted. */
  fromPort: z.string().min(1).max(64).optional(),
  to: SlugSchema,
});

export const FlowSettingsSchema = z.strictObject({
  /** Whole-run timeout. */
  timeoutMs: z.number().int().min(1).max(86_400_000).optional(),
  /** How many independent branches may run at once. */
  concurrency: z.number().int().min(1).max(64).optional(),
});

export const FlowSchema = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id: SlugSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  settings: FlowSettingsSchema.optional(),
  nodes: z.array(FlowNodeSchema).max(5000),
  edges: z.array(FlowEdgeSchema).max(20000),
});

export type Flow = z.output<typeof FlowSchema>;
export type FlowInput = z.input<typeof FlowSchema>;
export type FlowNode = z.output<typeof FlowNodeSchema>;
export type FlowEdge = z.output<typeof FlowEdgeSchema>;
export type RetryPolicy = z.output<typeof RetryPolicySchema>;
export type Position = z.output<typeof PositionSchema>;
