/** Connections: list, create, edit, delete (confirmed) and test, with the test result shown inline. */
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../api/client';
import { deleteConnection, testConnection } from '../api/connections';
import type { ConnectionTestResult, ConnectionView } from '../api/schemas';
import { formatTime } from '../components/format';
import { ConfirmDialog } from '../components/Modal';
import { useCatalog } from '../store/catalogStore';
import { ConnectionForm } from './connections/ConnectionForm';

export function ConnectionsPage() {
  const connections = useCatalog((s) => s.connections);
  const reloadConnections = useCatalog((s) => s.reloadConnections);
  const [editing, setEditing] = useState<ConnectionView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ConnectionView | null>(null);
  const [tests, setTests] = useState<Record<string, ConnectionTestResult | 'running'>>({});
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => reloadConnections(), [reloadConnections]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const runTest = async (name: string) => {
    setTests((t) => ({ ...t, [name]: 'running' }));
    try {
      const res = await testConnection(name);
      setTests((t) => ({ ...t, [name]: res }));
    } catch (err) {
      setTests((t) => ({ ...t, [name]: { ok: false, message: describeError(err) } }));
    }
  };

  return (
    <div className="page" data-testid="connections-page">
      <div className="page-head">
        <h1>Connections</h1>
        <span className="spacer" />
        <button
          type="button"
          className="btn primary"
          onClick={() => setEditing('new')}
          data-testid="connections-new"
        >
          New connection
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Base URL</th>
            <th>Auth</th>
            <th>Test</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {connections.map((c) => {
            const t = tests[c.name];
            return (
              <tr key={c.name} data-testid={`connection-row-${c.name}`}>
                <td className="strong">
                  {c.name}
                  <div className="muted small">{formatTime(c.updatedAt)}</div>
                </td>
                <td>{c.kind}</td>
                <td className="mono small">{c.baseUrl}</td>
                <td>
                  {c.auth.type}
                  {Object.entries(c.auth.secrets ?? {}).map(([k, v]) => (
                    <span key={k} className={`secret-state ${v}`}>
                      {k}: {v}
                    </span>
                  ))}
                </td>
                <td data-testid="connection-test-result">
                  {t === 'running' && <span className="muted">testing…</span>}
                  {t && t !== 'running' && (
                    <span className={t.ok ? 'ok' : 'error'}>
                      {t.ok ? '✓' : '✗'} {t.status ? `${t.status} ` : ''}
                      {t.message}
                    </span>
                  )}
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => runTest(c.name)}
                    data-testid="connection-test"
                  >
                    Test
                  </button>
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => setEditing(c)}
                    data-testid="connection-edit"
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn small danger"
                    onClick={() => setDeleting(c)}
                    data-testid="connection-delete"
                  >
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {connections.length === 0 && <p className="empty">No connections yet.</p>}
      {editing && (
        <ConnectionForm
          existing={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete connection"
          message={`Delete "${deleting.name}"? Flows that use it will fail until it is recreated.`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={async () => {
            const name = deleting.name;
            setDeleting(null);
            try {
              await deleteConnection(name);
            } catch (err) {
              setError(describeError(err));
            }
            void reload();
          }}
        />
      )}
    </div>
  );
}
