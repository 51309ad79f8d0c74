/** Dry-run result: for each step, what it would do (planned operations), nothing written. */
import type { RunView } from '../api/runs';
import { formatDuration, statusClass } from '../components/format';
import { JsonText } from '../components/JsonText';
import { Modal } from '../components/Modal';

export function DryRunView(props: { run: RunView; onClose: () => void }) {
  const { run } = props;
  return (
    <Modal title="Dry run: planned operations" onClose={props.onClose} wide testId="dry-run-view">
      <p className="muted small">
        Nothing was written. Reads ran for real; side effects were planned. Status{' '}
        <span className={statusClass(run.status)}>{run.status}</span>
        {run.durationMs !== undefined && ` in ${formatDuration(run.durationMs)}`}.
      </p>
      {run.error && <p className="error">{run.error.message}</p>}
      <ol className="plan-list">
        {run.steps.map((s) => (
          <li key={s.nodeId} data-testid={`plan-${s.nodeId}`}>
            <div>
              <strong>{s.nodeId}</strong> <span className="muted small">{s.type}</span>{' '}
              <span className={statusClass(s.status)}>{s.planned ? 'planned' : s.status}</span>
            </div>
            {s.error && <div className="error small">{s.error.message}</div>}
            {s.output !== undefined && <JsonText value={s.output} />}
          </li>
        ))}
      </ol>
    </Modal>
  );
}
