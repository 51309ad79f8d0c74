/** Step and run metrics, from live run events or from finished records. */
import type { RunRecord } from '@idflow/engine';
import type { BusEvent } from '../events-bus';
import type { Metrics } from '../metrics';
import { isFinal } from './run-status';

/** Step and run metrics from one (redacted) run event; the main also feeds events bridged from workers here. */
export function observeRunEvent(metrics: Metrics, event: BusEvent): void {
  if (event.type === 'step.finished') {
    const s = event.step;
    if (s.durationMs !== undefined)
      metrics.stepDuration.observe({ type: s.type, status: s.status }, s.durationMs / 1000);
  }
  if (event.type === 'run.finished' && !event.parentRunId) {
    metrics.runs.inc({ flow: event.flowId, status: event.status });
    metrics.runDuration.observe({ flow: event.flowId, status: event.status }, event.durationMs / 1000);
  }
}

/** The same metrics as observeRunEvent, from a finished record (runs executed without event listeners). */
export function observeRecord(metrics: Metrics, run: RunRecord): void {
  for (const s of run.steps) {
    if (s.durationMs !== undefined)
      metrics.stepDuration.observe({ type: s.type, status: s.status }, s.durationMs / 1000);
  }
  if (!run.parentRunId && isFinal(run.status)) {
    metrics.runs.inc({ flow: run.flowId, status: run.status });
    metrics.runDuration.observe({ flow: run.flowId, status: run.status }, (run.durationMs ?? 0) / 1000);
  }
}
