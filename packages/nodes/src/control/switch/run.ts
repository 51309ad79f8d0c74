/** `control.switch` implementation: emits on the first case equal to the value, else `default`. */
import { defineNodeType, NodeError } from '@idflow/engine';
import { jsonEqual } from '../../shared/values';
import { switchDefinition } from './definition';

export const switchNode = defineNodeType(switchDefinition, {
  run: async (ctx) => {
    const names = new Set<string>();
    for (const c of ctx.config.cases) {
      if (c.name === 'default' || c.name === 'error' || names.has(c.name)) {
        throw new NodeError('CONFIG_INVALID', `Case name "${c.name}" is reserved or repeated; rename it.`);
      }
      names.add(c.name);
    }
    const match = ctx.config.cases.find((c) => jsonEqual(c.equals, ctx.config.value));
    const matched = match?.name ?? 'default';
    return { output: { value: ctx.config.value ?? null, matched }, port: matched };
  },
});
