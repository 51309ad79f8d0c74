/** `trigger.manual` definition: a flow started by hand from the editor, the CLI or the API. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { anyValue } from '../../shared/output-shapes';

export const manualTriggerConfig = z.object({
  inputSchema: z.record(z.string(), z.unknown()).optional().meta({
    title: 'Input schema',
    description: 'JSON Schema of the input a manual run expects (shown as a form).',
  }),
  sample: z
    .unknown()
    .optional()
    .meta({ title: 'Sample input', description: 'Example input prefilled when running the flow by hand.' }),
  description: z
    .string()
    .max(2000)
    .optional()
    .meta({ title: 'Description', description: 'What the input means.' }),
});

export const manualTriggerDefinition = defineNodeDefinition({
  type: 'trigger.manual',
  title: 'Manual trigger',
  category: 'trigger',
  trigger: 'manual',
  icon: 'play',
  description:
    'Starts the flow by hand (editor, CLI or API). The run input is available to expressions as `trigger` and is the output of this node.',
  config: manualTriggerConfig,
  outputs: [{ id: 'out' }],
  hasInput: false,
  output: { ...anyValue, description: 'The input the run was started with.' },
  sideEffects: false,
  summary: () => 'Run by hand',
});
