/** Start-up recovery: what to do with runs a stopped process left `running` or `queued`. */
import type { RuntimeContext } from '../context';
import type { RunState } from './run-state';

/**
 * Single process: running → interrupted, queued → enqueued again. Queue mode (main): `running` runs belong to
 * workers (a dead worker's job stalls and is handled there); only `queued` runs without a live job are enqueued.
 * @example const { interrupted, resumed } = await recoverRuns(state);
 */
export async function recoverRuns(state: RunState): Promise<{ interrupted: number; resumed: number }> {
  const c = state.ctx();
  if (c.queue.remote) return recoverQueueMode(c);
  const running = await c.store.findRunsByStatus(['running']);
  for (const run of running) {
    const at = c.clock.nowIso();
    await c.store.saveRun({
      ...run,
      status: 'interrupted',
      finishedAt: at,
      error: {
        code: 'INTERRUPTED',
        message: 'The runtime stopped while this run was running. Rerun it if its steps are safe to repeat.',
      },
    });
  }
  const queued = await queuedOldestFirst(c);
  for (const run of queued) {
    state.track(run.flowId, run.id, true);
    // Accepted before the restart: never refused for a full backlog now.
    c.queue.enqueue(run.id, run.flowId, undefined, { force: true });
  }
  return { interrupted: running.length, resumed: queued.length };
}

async function recoverQueueMode(c: RuntimeContext): Promise<{ interrupted: number; resumed: number }> {
  const queue = c.queue;
  // A scheduled run is created by its tick job on a worker, which still owns it for a while (a stalled tick job is
  // delivered again and finds the run); only an older one is enqueued again.
  const tickOwnsMs = 2 * (c.config.lockDurationMs + c.config.stalledIntervalMs);
  let resumed = 0;
  for (const run of await queuedOldestFirst(c)) {
    const age = c.clock.now() - Date.parse(run.queuedAt ?? '');
    if (run.trigger.kind === 'schedule' && !(age > tickOwnsMs)) continue;
    // For a scheduled run this also finds its tick's job or its place in the lane (the job id is not the run id).
    if (await queue.hasLiveJob?.(run.id)) continue;
    // Lost with its job: the trigger is the stored (redacted) one and a resume point is gone.
    queue.enqueue(run.id, run.flowId, undefined, { force: true });
    resumed++;
  }
  return { interrupted: 0, resumed };
}

const queuedOldestFirst = async (c: RuntimeContext) =>
  (await c.store.findRunsByStatus(['queued'])).sort((a, b) =>
    (a.queuedAt ?? '').localeCompare(b.queuedAt ?? ''),
  );
