/** `transform.set` definition: outputs an object of named fields, each a literal or an expression. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';

export const setConfig = z.object({
  fields: z.record(z.string().min(1).max(200), z.unknown()).meta({
    title: 'Fields',
    description:
      'Field name → value. Each value is a literal or a `=` expression, resolved before the node runs.',
  }),
});

export const setDefinition = defineNodeDefinition({
  type: 'transform.set',
  title: 'Set fields',
  category: 'transform',
  icon: 'list',
  description:
    'Outputs an object whose fields you name and fill with literals or expressions over earlier steps.',
  config: setConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: { type: 'object', description: 'The configured fields.', additionalProperties: true },
  sideEffects: false,
  summary: (config) => {
    const names = Object.keys((config.fields as Record<string, unknown> | undefined) ?? {});
    return names.length ? names.join(', ') : 'no fields';
  },
});
