/** The `<id>.test.json` format for `idflow test`: cases with a trigger, a SCIM seed and expectations. */
import { z } from 'zod';

const Resource = z.record(z.string(), z.unknown());
const NodeId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a node id');

export const ScimSeedSchema = z
  .strictObject({
    users: z
      .array(Resource)
      .optional()
      .meta({ description: 'SCIM users in the sandbox before the run. A seed item may carry its own `id`.' }),
    groups: z.array(Resource).optional().meta({
      description: 'SCIM groups before the run. Members may name users by id or userName.',
    }),
  })
  .meta({
    title: 'SCIM seed',
    description:
      'The whole SCIM state before the run (omitted lists are empty). Without `scim`: the demo data.',
  });

export const HrFeedSchema = z
  .strictObject({
    hires: z.array(Resource).optional(),
    terminations: z.array(Resource).optional(),
  })
  .meta({ title: 'HR feed', description: 'Replaces the sandbox demo HR feed records for this case.' });

export const ExpectScimSchema = z.strictObject({
  users: z
    .array(Resource)
    .optional()
    .meta({ description: 'Each subset must match some user after the run.' }),
  groups: z
    .array(Resource)
    .optional()
    .meta({ description: 'Each subset must match some group after the run.' }),
  usersAbsent: z.array(Resource).optional().meta({ description: 'No user may match any of these subsets.' }),
  groupsAbsent: z
    .array(Resource)
    .optional()
    .meta({ description: 'No group may match any of these subsets.' }),
});

export const RunStatusSchema = z.enum(['succeeded', 'failed', 'cancelled', 'interrupted']);
export const StepStatusSchema = z.enum(['succeeded', 'failed', 'skipped', 'cancelled']);

export const FlowTestExpectSchema = z.strictObject({
  status: RunStatusSchema.default('succeeded'),
  steps: z
    .record(NodeId, z.unknown())
    .optional()
    .meta({ description: "Per node id, a JSON subset of that step's output." }),
  stepStatus: z
    .record(NodeId, StepStatusSchema)
    .optional()
    .meta({ description: 'Per node id, its step status.' }),
  output: z.unknown().optional().meta({ description: "A JSON subset of the run's output." }),
  response: z
    .unknown()
    .optional()
    .meta({ description: 'A JSON subset of the webhook response (flow.respond).' }),
  error: z
    .unknown()
    .optional()
    .meta({ description: "A JSON subset of the run's error ({ code, message, nodeId })." }),
  scim: ExpectScimSchema.optional(),
  plan: z.record(NodeId, z.unknown()).optional().meta({
    description: 'Dry runs: per node id, a subset of the planned output (the requests it would send).',
  }),
});

export const FlowTestCaseSchema = z.strictObject({
  name: z.string().min(1).max(200),
  trigger: z
    .strictObject({
      kind: z.enum(['manual', 'webhook', 'schedule', 'call']).default('manual'),
      data: z.unknown().optional().meta({ description: 'The payload expressions see as `trigger`.' }),
    })
    .default({ kind: 'manual' }),
  scim: ScimSeedSchema.optional(),
  hrFeed: HrFeedSchema.optional(),
  dryRun: z.boolean().optional(),
  expect: FlowTestExpectSchema,
});

export const FlowTestFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    flow: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a flow id'),
    cases: z.array(FlowTestCaseSchema).min(1),
  })
  .meta({
    title: 'idflow flow test file',
    description:
      'Cases for `idflow test`. Expected values are JSON subsets: objects may have more keys, an expected array ' +
      'needs each element to match a different actual element in any order ([] means empty), "$any" matches any ' +
      'value and { "$absent": true } a missing one.',
  });

export type FlowTestFile = z.output<typeof FlowTestFileSchema>;
export type FlowTestCase = z.output<typeof FlowTestCaseSchema>;
export type FlowTestExpect = z.output<typeof FlowTestExpectSchema>;

/** The JSON Schema of the test file format (what packages/cli/schema/flow-test.schema.json holds). */
export function flowTestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FlowTestFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}
