/** Ends a stored run that will not run (any more) in queue mode: one record and, where a bus is at hand, one event. */
import type { RunRecord } from '@idflow/engine';
import type { RuntimeContext } from '../context';

export interface EndRunDeps {
  store: Pick<RuntimeContext['store'], 'saveRun'>;
  clock: Pick<RuntimeContext['clock'], 'nowIso'>;
  bus?: Pick<RuntimeContext['bus'], 'publish'>;
}

/**
 * Saves the run as `status` with `error` and publishes `run.finished` (the editor, `wait: true` callers). The main's
 * scheduler has no bus: there the record alone says it.
 * @example await endRun(c, run, 'interrupted', { code: 'INTERRUPTED', message: 'The worker stopped.' });
 */
export async function endRun(
  c: EndRunDeps,
  run: RunRecord,
  status: 'interrupted' | 'failed',
  error: { code: string; message: string },
): Promise<void> {
  const at = c.clock.nowIso();
  await c.store.saveRun({ ...run, status, finishedAt: at, error });
  c.bus?.publish({
    type: 'run.finished',
    runId: run.id,
    flowId: run.flowId,
    at,
    status,
    durationMs: 0,
    error,
  });
}
