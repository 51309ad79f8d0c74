/** `control.if` definition: continues on the `true` or the `false` port. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { short } from '../../shared/fields';

export const ifConfig = z.object({
  condition: z.unknown().meta({
    title: 'Condition',
    description:
      'Usually an expression such as `=steps.find.found`. Falsy: false, 0, "", "false", "0", null, empty object or array.',
  }),
});

export const ifDefinition = defineNodeDefinition({
  type: 'control.if',
  title: 'If',
  category: 'control',
  icon: 'git-branch',
  description:
    'Evaluates a condition and continues on the `true` or the `false` port; the other branch is skipped.',
  config: ifConfig,
  outputs: [
    { id: 'true', label: 'true' },
    { id: 'false', label: 'false' },
  ],
  hasInput: true,
  output: { type: 'object', properties: { result: { type: 'boolean' } } },
  sideEffects: false,
  summary: (config) => short(config.condition),
});
