/** A run step for one node: status, attempts, duration, resolved input, output, error (JSON as text). */
import type { StepView } from '../api/runs';
import { formatDuration, statusClass } from '../components/format';
import { JsonText } from '../components/JsonText';

export function StepDetails(props: { step: StepView | undefined; nodeId: string }) {
  const s = props.step;
  if (!s) {
    return (
      <p className="muted" data-testid="step-details">
        This node did not run in the selected run.
      </p>
    );
  }
  return (
    <div className="step-details" data-testid="step-details">
      <div className="step-meta">
        <span className={statusClass(s.status)} data-testid="step-status">
          {s.status}
        </span>
        <span>attempts: {s.attempts}</span>
        {s.durationMs !== undefined && <span>{formatDuration(s.durationMs)}</span>}
        {s.planned && <span className="tag">planned (dry run)</span>}
        {s.reused && <span className="tag">reused</span>}
        {s.ports && s.ports.length > 0 && <span>ports: {s.ports.join(', ')}</span>}
      </div>
      {s.error && (
        <div className="error-box" data-testid="step-error">
          <strong>{s.error.code}</strong> {s.error.message}
          {s.error.details !== undefined && <JsonText value={s.error.details} />}
        </div>
      )}
      <JsonText label="Input (resolved config)" value={s.input} testId="step-input" />
      <JsonText
        label={s.planned ? 'Planned operations' : `Output${s.truncated ? ' (truncated)' : ''}`}
        value={s.output}
        testId="step-output"
      />
      {s.childRunIds && s.childRunIds.length > 0 && (
        <div className="muted small">Child runs: {s.childRunIds.join(', ')}</div>
      )}
    </div>
  );
}
