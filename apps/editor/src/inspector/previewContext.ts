/** Builds the expression context `{ trigger, steps, flow, run }` from a run record, for previews and the picker. */
import type { RunView } from '../api/runs';

export function runContext(run: RunView | null): Record<string, unknown> | null {
  if (!run) return null;
  const steps: Record<string, unknown> = {};
  for (const s of run.steps)
    if (s.status === 'succeeded' || s.output !== undefined) steps[s.nodeId] = s.output;
  return {
    trigger: run.trigger.data,
    steps,
    flow: { id: run.flowId, hash: run.flowHash },
    run: { id: run.id, startedAt: run.startedAt, dryRun: run.dryRun === true },
  };
}
