/** Import .flow.json files: all-or-nothing on the runtime; validation errors are listed with their paths. */
import { useState } from 'react';
import { ApiError, describeError } from '../../api/client';
import { importFlows } from '../../api/flows';
import type { Issue } from '../../api/schemas';
import { Modal } from '../../components/Modal';

export function ImportDialog(props: { onClose: () => void; onImported: (summary: string) => void }) {
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setIssues([]);
    setError(null);
    const flows: unknown[] = [];
    for (const file of Array.from(files)) {
      try {
        flows.push(JSON.parse(await file.text()));
      } catch (err) {
        setError(`${file.name} is not valid JSON: ${(err as Error).message}. Nothing was imported.`);
        return;
      }
    }
    setBusy(true);
    try {
      const res = await importFlows(flows);
      const parts = [
        res.created.length ? `created ${res.created.join(', ')}` : '',
        res.updated.length ? `updated ${res.updated.join(', ')}` : '',
        res.unchanged.length ? `unchanged ${res.unchanged.join(', ')}` : '',
      ].filter(Boolean);
      props.onImported(`Imported: ${parts.join('; ') || 'nothing'}`);
    } catch (err) {
      setError(`${describeError(err)} Nothing was imported.`);
      if (err instanceof ApiError) setIssues(err.details);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Import flows" onClose={props.onClose} testId="import-dialog">
      <p className="muted">
        Choose one or more <code>.flow.json</code> files. Flows with the same id are updated.
      </p>
      <input
        type="file"
        accept=".json,application/json"
        multiple
        disabled={busy}
        onChange={(e) => void onFiles(e.target.files)}
        data-testid="import-file"
      />
      {error && (
        <p className="error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {issues.length > 0 && (
        <ul className="issue-list" data-testid="import-issues">
          {issues.map((i) => (
            <li key={`${i.path}-${i.message}`}>
              <code>{i.path || '(file)'}</code> {i.message}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
