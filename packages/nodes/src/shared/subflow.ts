/** Helpers for nodes that run helper flows: child-run failure info and error codes. */
import { NodeError, type RunRecord } from '@idflow/engine';

export interface ChildFailure {
  message: string;
  code: string;
  childRunId?: string;
}

/** Why a finished child run did not succeed, or undefined when it did. */
export function childFailure(record: RunRecord): ChildFailure | undefined {
  if (record.status === 'succeeded') return undefined;
  return {
    message: record.error?.message ?? `helper run ended ${record.status}`,
    code: record.error?.code ?? (record.status === 'cancelled' ? 'CANCELLED' : 'NODE_FAILED'),
    childRunId: record.id,
  };
}

/** A thrown error from `ctx.subflows.run` as a failure entry; rethrows what must stop the node at once. */
export function thrownFailure(error: unknown, signal: AbortSignal): ChildFailure {
  if (signal.aborted) throw signal.reason ?? new NodeError('CANCELLED', 'The run was cancelled.');
  if (error instanceof NodeError && (error.code === 'FLOW_NOT_FOUND' || error.code === 'CONFIG_INVALID'))
    throw error;
  const code = error instanceof NodeError ? error.code : 'INTERNAL';
  return { message: error instanceof Error ? error.message : String(error), code };
}
