/** `trigger.call` definition: the trigger of a helper flow run by `control.forEach` or `flow.call`. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { anyValue } from '../../shared/output-shapes';

export const callTriggerConfig = z.object({
  inputDescription: z
    .string()
    .max(2000)
    .optional()
    .meta({ title: 'Input', description: 'What callers pass as input (documentation for flow authors).' }),
  inputSchema: z.record(z.string(), z.unknown()).optional().meta({
    title: 'Input schema',
    description: 'JSON Schema of the input, for documentation and the editor.',
  }),
});

export const callTriggerDefinition = defineNodeDefinition({
  type: 'trigger.call',
  title: 'Called by another flow',
  category: 'trigger',
  trigger: 'call',
  icon: 'corner-down-right',
  description:
    'Makes this flow a helper that `control.forEach` or `flow.call` runs. The input is `trigger`; inside forEach, `item` and `index` are the current item and its position.',
  config: callTriggerConfig,
  outputs: [{ id: 'out' }],
  hasInput: false,
  output: { ...anyValue, description: 'The input passed by the calling flow.' },
  sideEffects: false,
  summary: () => 'Called by a flow',
});
