/** `transform.map` definition: outputs one value built by an expression (or a literal). */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { short } from '../../shared/fields';
import { anyValue } from '../../shared/output-shapes';

/**
 * Design: the engine resolves every `=` string in config before `run()`, so the mapping is simply the field
 * `value`, written as an expression (`"value": "=steps.hr.body.{ 'email': work_email }"`) or as a literal/object
 * whose fields may themselves be expressions. The node outputs the resolved value unchanged: no second
 * expression language, no `evaluate()` call, and the run record shows exactly what came out.
 */
export const mapConfig = z.object({
  value: z.unknown().meta({
    title: 'Value',
    description:
      'The output. Usually one JSONata expression, e.g. `=steps.hr.body.{"email": work_email}`; may be an object or array whose fields are expressions.',
  }),
});

export const mapDefinition = defineNodeDefinition({
  type: 'transform.map',
  title: 'Map',
  category: 'transform',
  icon: 'shuffle',
  description:
    'Builds a new value from earlier steps with a JSONata expression (or an object of expressions) and outputs it.',
  config: mapConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: { ...anyValue, description: 'The resolved `value`.' },
  sideEffects: false,
  summary: (config) => short(config.value),
});
