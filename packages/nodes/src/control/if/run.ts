/** `control.if` implementation: emits on `true` or `false`. */
import { defineNodeType } from '@idflow/engine';
import { isTruthy } from '../../shared/values';
import { ifDefinition } from './definition';

export const ifNode = defineNodeType(ifDefinition, {
  run: async (ctx) => {
    const result = isTruthy(ctx.config.condition);
    return { output: { result }, port: result ? 'true' : 'false' };
  },
});
