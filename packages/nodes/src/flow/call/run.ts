/** `flow.call` implementation: one child run through `ctx.subflows`. */
import { defineNodeType, NodeError } from '@idflow/engine';
import { childFailure, thrownFailure } from '../../shared/subflow';
import { flowCallDefinition } from './definition';

export const flowCallNode = defineNodeType(flowCallDefinition, {
  async run(ctx) {
    let record: Awaited<ReturnType<typeof ctx.subflows.run>>;
    try {
      record = await ctx.subflows.run(ctx.config.flow, ctx.config.input ?? {}, { signal: ctx.signal });
    } catch (error) {
      const failure = thrownFailure(error, ctx.signal);
      throw new NodeError(
        'SUBFLOW_FAILED',
        `Helper flow "${ctx.config.flow}" could not run: ${failure.message}`,
        {
          details: failure,
          cause: error,
        },
      );
    }
    const failure = childFailure(record);
    if (failure) {
      throw new NodeError('SUBFLOW_FAILED', `Helper flow "${ctx.config.flow}" failed: ${failure.message}`, {
        details: { ...failure, childError: record.error },
      });
    }
    // The engine records the child run on the step (childRunIds / childRuns).
    return { output: record.output ?? null };
  },
});
