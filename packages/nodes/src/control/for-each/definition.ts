/** `control.forEach` definition: runs a helper flow once per item with a concurrency limit. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { flowId } from '../../shared/fields';
import { anyValue } from '../../shared/output-shapes';

/** At most this many error entries are kept in the output; `failed` still counts them all. */
export const MAX_ERROR_ENTRIES = 100;

export const forEachConfig = z.object({
  items: z.array(z.unknown()).max(100_000).meta({
    title: 'Items',
    description: 'The list to loop over, usually an expression such as `=steps.list.users`.',
  }),
  flow: flowId,
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(5)
    .meta({ title: 'Concurrency', description: 'How many helper runs at once (1–50).' }),
  onItemError: z.enum(['stop', 'continue']).default('stop').meta({
    title: 'When an item fails',
    description:
      '`stop`: start no more items, let running ones finish, then fail with SUBFLOW_FAILED. `continue`: run every item and report failures in `errors`.',
  }),
  input: z.record(z.string(), z.unknown()).optional().meta({
    title: 'Extra input',
    description: 'Passed to every helper run as `trigger`; the item is `item`.',
  }),
  collectResults: z.boolean().default(true).meta({
    title: 'Collect results',
    description:
      'Keep each helper output in `results`. Turn off for very large lists whose outputs are not needed.',
  }),
});

export const forEachDefinition = defineNodeDefinition({
  type: 'control.forEach',
  title: 'For each',
  category: 'control',
  icon: 'repeat',
  description:
    'Runs a helper flow (trigger `trigger.call`) once per item, a few at a time, and collects the outputs in item order. Child run ids are on the step record.',
  config: forEachConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: {
      results: {
        type: 'array',
        items: anyValue,
        description:
          'Helper outputs in item order (null for failed items); empty when collectResults is off.',
      },
      total: { type: 'integer' },
      succeeded: { type: 'integer' },
      failed: { type: 'integer' },
      errors: {
        type: 'array',
        description: `The first ${MAX_ERROR_ENTRIES} failures.`,
        items: {
          type: 'object',
          properties: {
            index: { type: 'integer' },
            message: { type: 'string' },
            code: { type: 'string' },
            childRunId: { type: 'string' },
          },
        },
      },
    },
  },
  // Side effects belong to the helper flow, which is planned on its own in a dry run.
  sideEffects: false,
  summary: (config) => `each → ${String(config.flow ?? '?')} (×${String(config.concurrency ?? 5)})`,
});
