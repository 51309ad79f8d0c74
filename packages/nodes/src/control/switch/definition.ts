/** `control.switch` definition: one output port per case, plus `default`. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { short } from '../../shared/fields';

export const switchConfig = z.object({
  value: z.unknown().meta({ title: 'Value', description: 'The value to compare, usually an expression.' }),
  cases: z
    .array(
      z.object({
        name: z
          .string()
          .min(1)
          .max(64)
          .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a slug; it becomes the port id')
          .meta({
            title: 'Port',
            description: 'Case name, also the output port id. Not `default` or `error`.',
          }),
        equals: z
          .unknown()
          .meta({ title: 'Equals', description: 'Matches when the value is equal (deep, for objects).' }),
      }),
    )
    .max(50)
    .meta({ title: 'Cases', description: 'Checked in order; the first equal case wins, else `default`.' }),
});

export type SwitchConfig = z.output<typeof switchConfig>;

export const switchDefinition = defineNodeDefinition({
  type: 'control.switch',
  title: 'Switch',
  category: 'control',
  icon: 'split',
  description:
    'Compares a value with each case in order and continues on the first matching case port, else `default`.',
  config: switchConfig,
  outputs: (config) => [...config.cases.map((c) => ({ id: c.name })), { id: 'default' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: {
      value: { description: 'The compared value.' },
      matched: { type: 'string', description: 'Port taken.' },
    },
  },
  sideEffects: false,
  summary: (config) => short(config.value),
});
