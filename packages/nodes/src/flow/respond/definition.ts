/** `flow.respond` definition: sets the webhook response (or helper-flow result) of the run. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { stringRecord } from '../../shared/fields';
import { anyValue } from '../../shared/output-shapes';

export const respondConfig = z.object({
  status: z
    .number()
    .int()
    .min(100)
    .max(599)
    .default(200)
    .meta({ title: 'Status', description: 'HTTP status.' }),
  headers: stringRecord.default({}).meta({ title: 'Headers' }),
  body: z.unknown().optional().meta({ title: 'Body', description: 'Response body, usually an expression.' }),
});

export const respondDefinition = defineNodeDefinition({
  type: 'flow.respond',
  title: 'Respond',
  category: 'flow',
  icon: 'reply',
  description:
    'Sets the response a webhook caller gets (with `respond: onCompletion`) and the result a calling flow sees. The flow may continue after it.',
  config: respondConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: { ...anyValue, description: 'The response body.' },
  sideEffects: false,
  summary: (config) => `respond ${String(config.status ?? 200)}`,
});
