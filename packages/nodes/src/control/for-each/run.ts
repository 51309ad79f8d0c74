/** `control.forEach` implementation: a bounded worker pool over `ctx.subflows.run`, results kept in item order. */
import { defineNodeType, NodeError } from '@idflow/engine';
import { type ChildFailure, childFailure, thrownFailure } from '../../shared/subflow';
import { forEachDefinition, MAX_ERROR_ENTRIES } from './definition';

/** Child run ids named in a stop error's details (all of them are on the step's `childRunIds` / `childRuns`). */
const FIRST_IDS_IN_ERROR = 20;

export const forEachNode = defineNodeType(forEachDefinition, {
  async run(ctx) {
    const { items, concurrency, onItemError, collectResults, flow } = ctx.config;
    const input = ctx.config.input ?? {};
    const results: unknown[] = collectResults ? new Array(items.length).fill(null) : [];
    // The engine counts child runs on the step record; the error details keep only the first few ids.
    const childRunIds: string[] = [];
    const errors: Array<ChildFailure & { index: number }> = [];
    let failed = 0;
    let succeeded = 0;
    let next = 0;
    let stopped = false;

    const worker = async (): Promise<void> => {
      while (!stopped && !ctx.signal.aborted && next < items.length) {
        const index = next++;
        let failure: ChildFailure | undefined;
        try {
          const record = await ctx.subflows.run(flow, input, {
            item: items[index],
            index,
            signal: ctx.signal,
          });
          if (childRunIds.length < FIRST_IDS_IN_ERROR) childRunIds.push(record.id);
          failure = childFailure(record);
          if (!failure && collectResults) results[index] = record.output ?? null;
        } catch (error) {
          failure = thrownFailure(error, ctx.signal);
        }
        if (failure) {
          failed++;
          if (errors.length < MAX_ERROR_ENTRIES) errors.push({ index, ...failure });
          if (onItemError === 'stop') stopped = true;
        } else succeeded++;
      }
    };

    const settled = await Promise.allSettled(
      Array.from({ length: Math.min(concurrency, items.length) }, () => worker()),
    );
    // A worker only rejects for errors that must end the node (cancellation, unknown helper flow).
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (rejected) throw rejected.reason;
    if (ctx.signal.aborted) throw ctx.signal.reason ?? new NodeError('CANCELLED', 'The run was cancelled.');

    if (stopped) {
      const first = errors.sort((a, b) => a.index - b.index)[0];
      throw new NodeError(
        'SUBFLOW_FAILED',
        `Item ${first?.index} failed in helper flow "${flow}": ${first?.message}. Set onItemError to "continue" to run the remaining items anyway.`,
        { details: { failedItem: first, succeeded, failed, total: items.length, childRunIds } },
      );
    }
    errors.sort((a, b) => a.index - b.index);
    return { output: { results, total: items.length, succeeded, failed, errors } };
  },
});
