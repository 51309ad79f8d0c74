/** Flows list: status, trigger, last run; search; create, rename, duplicate, delete, enable, import, export. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { describeError } from '../api/client';
import {
  createFlow,
  deleteFlow,
  downloadText,
  exportFlowText,
  getFlow,
  listFlows,
  saveFlow,
  setFlowEnabled,
} from '../api/flows';
import type { FlowSummary } from '../api/schemas';
import { uniqueNodeId } from '../canvas/ids';
import { formatTime, statusClass } from '../components/format';
import { ConfirmDialog } from '../components/Modal';
import { navigate } from '../router';
import { describeRefusal, problemsText } from '../store/drafts';
import { ImportDialog } from './flows/ImportDialog';
import { NewFlowDialog } from './flows/NewFlowDialog';
import { RenameDialog } from './flows/RenameDialog';

type Dialog =
  | { kind: 'new' }
  | { kind: 'import' }
  | { kind: 'rename'; flow: FlowSummary }
  | { kind: 'delete'; flow: FlowSummary }
  | null;

export function FlowsPage() {
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [query, setQuery] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    try {
      setFlows(await listFlows());
    } catch (err) {
      setMessage({ text: describeError(err), error: true });
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (fn: () => Promise<unknown>, done?: string) => {
    setMessage(null);
    try {
      await fn();
      if (done) setMessage({ text: done });
    } catch (err) {
      setMessage({ text: describeRefusal(err), error: true });
    }
    await reload();
  };

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return flows;
    return flows.filter((f) =>
      [f.id, f.name, f.description ?? '', f.trigger?.type ?? '', f.trigger?.path ?? ''].some((s) =>
        s.toLowerCase().includes(q),
      ),
    );
  }, [flows, query]);

  const duplicate = (f: FlowSummary) =>
    act(async () => {
      const { flow } = await getFlow(f.id);
      const id = uniqueNodeId(`${f.id}-copy`, new Set(flows.map((x) => x.id)));
      await createFlow({ ...flow, id, name: `${flow.name} (copy)` });
    }, `Duplicated ${f.id}`);

  const rename = (f: FlowSummary, name: string) =>
    act(async () => {
      const { flow, version } = await getFlow(f.id);
      await saveFlow({ ...flow, name }, version);
    }, 'Renamed');

  const exportFlow = (f: FlowSummary) =>
    act(async () => downloadText(`${f.id}.flow.json`, await exportFlowText(f.id)));

  return (
    <div className="page" data-testid="flows-page">
      <div className="page-head">
        <h1>Flows</h1>
        <input
          className="search"
          placeholder="Search flows"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="flows-search"
        />
        <button
          type="button"
          className="btn"
          onClick={() => setDialog({ kind: 'import' })}
          data-testid="flows-import"
        >
          Import
        </button>
        <button
          type="button"
          className="btn primary"
          onClick={() => setDialog({ kind: 'new' })}
          data-testid="flows-new"
        >
          New flow
        </button>
      </div>
      {message && (
        <p className={message.error ? 'error' : 'notice'} role="status" data-testid="flows-message">
          {message.text}
        </p>
      )}
      <table className="table" data-testid="flows-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Trigger</th>
            <th>Enabled</th>
            <th>Last run</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr key={f.id} data-testid={`flow-row-${f.id}`}>
              <td>
                <a href={`#/flows/${encodeURIComponent(f.id)}`} className="strong" data-testid="flow-open">
                  {f.name}
                </a>
                {!f.valid && (
                  <span
                    className="draft-badge"
                    title={`Draft: ${problemsText(f.problemCount)}. Open it to fix them; a draft cannot be enabled or run.`}
                    data-testid="flow-draft"
                  >
                    draft · {problemsText(f.problemCount)}
                  </span>
                )}
                <div className="muted small">{f.id}</div>
              </td>
              <td>
                {f.trigger?.kind ?? '—'}
                <div className="muted small">
                  {f.trigger?.path ? `/hooks/${f.trigger.path}` : (f.trigger?.cron ?? '')}
                </div>
              </td>
              <td>
                <label className="switch">
                  <input
                    type="checkbox"
                    checked={f.enabled}
                    title={f.valid ? undefined : 'A draft cannot be enabled: fix its problems first.'}
                    onChange={(e) => act(() => setFlowEnabled(f.id, e.target.checked))}
                    data-testid="flow-enabled"
                  />
                  <span>{f.enabled ? 'On' : 'Off'}</span>
                </label>
              </td>
              <td>
                {f.lastRun ? (
                  <a href={`#/flows/${encodeURIComponent(f.id)}?run=${encodeURIComponent(f.lastRun.id)}`}>
                    <span className={statusClass(f.lastRun.status)}>{f.lastRun.status}</span>{' '}
                    <span className="muted small">{formatTime(f.lastRun.startedAt)}</span>
                  </a>
                ) : (
                  <span className="muted">never</span>
                )}
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  className="btn small"
                  onClick={() => navigate({ page: 'flow', id: f.id })}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="btn small"
                  onClick={() => setDialog({ kind: 'rename', flow: f })}
                  data-testid="flow-rename"
                >
                  Rename
                </button>
                <button
                  type="button"
                  className="btn small"
                  onClick={() => duplicate(f)}
                  data-testid="flow-duplicate"
                >
                  Duplicate
                </button>
                <button
                  type="button"
                  className="btn small"
                  onClick={() => exportFlow(f)}
                  data-testid="flow-export"
                >
                  Export
                </button>
                <button
                  type="button"
                  className="btn small danger"
                  onClick={() => setDialog({ kind: 'delete', flow: f })}
                  data-testid="flow-delete"
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && shown.length === 0 && (
        <p className="empty" data-testid="flows-empty">
          {flows.length === 0
            ? 'No flows yet. Create one or import a .flow.json file.'
            : 'No flow matches your search.'}
        </p>
      )}
      {dialog?.kind === 'new' && (
        <NewFlowDialog onClose={() => setDialog(null)} onCreated={(id) => navigate({ page: 'flow', id })} />
      )}
      {dialog?.kind === 'import' && (
        <ImportDialog
          onClose={() => setDialog(null)}
          onImported={(text) => {
            setDialog(null);
            setMessage({ text });
            void reload();
          }}
        />
      )}
      {dialog?.kind === 'rename' && (
        <RenameDialog
          initial={dialog.flow.name}
          onClose={() => setDialog(null)}
          onSave={(name) => {
            const f = dialog.flow;
            setDialog(null);
            void rename(f, name);
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete flow"
          message={`Delete "${dialog.flow.name}" (${dialog.flow.id})? Its run history stays readable until pruned.`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            const f = dialog.flow;
            setDialog(null);
            void act(() => deleteFlow(f.id), `Deleted ${f.id}`);
          }}
        />
      )}
    </div>
  );
}
