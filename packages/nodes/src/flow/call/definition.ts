/** `flow.call` definition: runs a helper flow once and outputs its result. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { flowId } from '../../shared/fields';
import { anyValue } from '../../shared/output-shapes';

export const flowCallConfig = z.object({
  flow: flowId,
  input: z.unknown().optional().meta({
    title: 'Input',
    description: 'Passed to the helper flow as `trigger` (an expression or an object).',
  }),
});

export const flowCallDefinition = defineNodeDefinition({
  type: 'flow.call',
  title: 'Call flow',
  category: 'flow',
  icon: 'corner-down-right',
  description:
    'Runs a helper flow (trigger `trigger.call`) once and outputs its result: its `flow.respond` body or its last node output. A failed helper run fails this node with SUBFLOW_FAILED.',
  config: flowCallConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: { ...anyValue, description: "The helper run's output." },
  sideEffects: false,
  summary: (config) => `→ ${String(config.flow ?? '?')}`,
});
