/** Runs of this flow: status, trigger, start, duration; open one on the canvas, rerun (3 modes), cancel. */
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../api/client';
import { cancelRun, getRun, listRuns, type RerunMode, type RunView, rerun } from '../api/runs';
import { formatDuration, formatTime, statusClass } from '../components/format';
import { useRun } from '../store/runStore';

const RERUN_LABELS: Record<RerunMode, string> = {
  sameVersion: 'Rerun (same version)',
  latestVersion: 'Rerun (latest version)',
  fromFailedStep: 'Resume from failed step',
};

export function RunsPanel(props: { flowId: string }) {
  const [runs, setRuns] = useState<RunView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const finishedTick = useRun((s) => s.finishedTick);
  const current = useRun((s) => s.run);
  const currentId = useRun((s) => s.runId);
  const show = useRun((s) => s.show);
  const follow = useRun((s) => s.follow);
  const clear = useRun((s) => s.clear);

  const reload = useCallback(async () => {
    try {
      setRuns(await listRuns(props.flowId));
      setError(null);
    } catch (err) {
      setError(describeError(err));
    }
  }, [props.flowId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when a run starts or finishes
  useEffect(() => {
    void reload();
  }, [reload, finishedTick, currentId]);

  const open = async (id: string) => {
    try {
      show(await getRun(id));
    } catch (err) {
      setError(describeError(err));
    }
  };

  const doRerun = async (id: string, mode: RerunMode) => {
    try {
      follow(await rerun(id, mode));
    } catch (err) {
      setError(describeError(err));
    }
  };

  const doCancel = async (id: string) => {
    try {
      await cancelRun(id);
      void reload();
    } catch (err) {
      setError(describeError(err));
    }
  };

  return (
    <div className="runs-panel" data-testid="runs-panel">
      <div className="runs-head">
        <button type="button" className="btn small" onClick={() => void reload()}>
          Refresh
        </button>
        {currentId && (
          <button type="button" className="btn small" onClick={clear} data-testid="run-close">
            Hide run on canvas
          </button>
        )}
      </div>
      {error && <p className="error small">{error}</p>}
      {current && (
        <div className="run-current" data-testid="run-current">
          <div>
            <span className={statusClass(current.status)} data-testid="run-current-status">
              {current.status}
            </span>{' '}
            <code className="small">{current.id}</code>
          </div>
          {current.error && <div className="error small">{current.error.message}</div>}
          <div className="row-actions">
            {(current.status === 'running' || current.status === 'queued') && (
              <button
                type="button"
                className="btn tiny danger"
                onClick={() => doCancel(current.id)}
                data-testid="run-cancel"
              >
                Cancel
              </button>
            )}
            {(Object.keys(RERUN_LABELS) as RerunMode[]).map((m) => (
              <button
                type="button"
                key={m}
                className="btn tiny"
                disabled={m === 'fromFailedStep' && current.status !== 'failed'}
                onClick={() => doRerun(current.id, m)}
                data-testid={`rerun-${m}`}
              >
                {RERUN_LABELS[m]}
              </button>
            ))}
          </div>
          <p className="muted small">Click a node to see its input, output and error.</p>
        </div>
      )}
      <ul className="runs-list">
        {runs.map((r) => (
          <li key={r.id} className={r.id === currentId ? 'active' : ''}>
            <button
              type="button"
              className="run-item"
              onClick={() => open(r.id)}
              data-testid={`run-item-${r.id}`}
            >
              <span className={statusClass(r.status)}>{r.status}</span>
              <span className="small">
                {r.trigger.kind}
                {r.dryRun ? ' (dry)' : ''}
              </span>
              <span className="muted small">{formatTime(r.startedAt ?? r.queuedAt)}</span>
              <span className="muted small">{formatDuration(r.durationMs)}</span>
            </button>
            {(r.status === 'running' || r.status === 'queued') && (
              <button type="button" className="btn tiny danger" onClick={() => doCancel(r.id)}>
                Cancel
              </button>
            )}
          </li>
        ))}
      </ul>
      {runs.length === 0 && <p className="muted small">No runs yet.</p>}
    </div>
  );
}
