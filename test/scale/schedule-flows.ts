/** Schedule flows for the queue-mode overlap tests: per-second ticks, one slow HTTP call, and reading their runs. */
import type { PostgresStore } from '../../apps/runtime/src/store-postgres/index';
import type { Flow, RunRecord } from '../../packages/engine/src/index';

/** Ticks every second and calls `url` once (as slow as that server answers). */
export function slowScheduleFlow(
  id: string,
  url: string,
  schedule: { overlap: 'skip' | 'queue' | 'allow'; misfire?: 'skip' | 'runOnce' },
): Flow {
  return {
    schemaVersion: 1,
    id,
    name: `Slow schedule ${id}`,
    nodes: [
      {
        id: 'tick',
        type: 'trigger.schedule',
        position: { x: 0, y: 0 },
        config: { cron: '* * * * * *', ...schedule },
      },
      {
        id: 'call',
        type: 'http.request',
        position: { x: 280, y: 0 },
        // POST: a side effect, so a run cut off by a crash is interrupted, never repeated.
        config: {
          method: 'POST',
          url: `${url}/work`,
          query: { tick: '=trigger.scheduledAt' },
          timeoutMs: 60_000,
        },
      },
    ],
    edges: [{ from: 'tick', to: 'call' }],
  };
}

export async function allRuns(store: PostgresStore, flowId: string): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listRuns({ flowId, limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
