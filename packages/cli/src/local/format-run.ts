/** Terminal rendering of a run record: one line per step (status, duration, error) and the output. */
import type { RunRecord, StepRecord } from '@idflow/engine';

const MARK: Record<string, string> = {
  succeeded: '✓',
  failed: '✗',
  skipped: '-',
  cancelled: '!',
  running: '…',
};

function stepLine(step: StepRecord, idWidth: number, typeWidth: number): string {
  const duration = step.durationMs === undefined ? '' : `${Math.round(step.durationMs)} ms`;
  const extra: string[] = [];
  if (step.attempts > 1) extra.push(`${step.attempts} attempts`);
  if (step.planned) extra.push('planned');
  if (step.ports && step.ports.length > 0 && !(step.ports.length === 1 && step.ports[0] === 'out')) {
    extra.push(`→ ${step.ports.join(', ')}`);
  }
  if (step.error) extra.push(`${step.error.code}: ${step.error.message}`);
  return `  ${MARK[step.status] ?? '?'} ${step.nodeId.padEnd(idWidth)}  ${step.type.padEnd(typeWidth)}  ${step.status.padEnd(9)} ${duration.padStart(7)}${extra.length ? `  ${extra.join('; ')}` : ''}`.trimEnd();
}

/** Lines describing the run: a header, the steps, then the error or the output (pretty JSON). */
export function formatRun(record: RunRecord): string[] {
  const idWidth = Math.max(4, ...record.steps.map((s) => s.nodeId.length));
  const typeWidth = Math.max(4, ...record.steps.map((s) => s.type.length));
  const duration = record.durationMs === undefined ? '' : ` in ${Math.round(record.durationMs)} ms`;
  const lines = [
    `run ${record.id} of ${record.flowId}${record.dryRun ? ' (dry run)' : ''}: ${record.status}${duration}`,
  ];
  for (const step of record.steps) lines.push(stepLine(step, idWidth, typeWidth));
  if (record.error) lines.push(`error: ${record.error.code}: ${record.error.message}`);
  if (record.response)
    lines.push(`response: ${record.response.status} ${JSON.stringify(record.response.body)}`);
  if (record.output !== undefined)
    lines.push('output:', ...JSON.stringify(record.output, null, 2).split('\n'));
  return lines;
}
