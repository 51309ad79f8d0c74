/** Which run statuses are final (the run will not change again). */
import type { RunRecord } from '@idflow/engine';

const FINAL = new Set<RunRecord['status']>(['succeeded', 'failed', 'cancelled', 'interrupted']);

/** @example if (isFinal(run.status)) return run; */
export const isFinal = (status: RunRecord['status']): boolean => FINAL.has(status);
