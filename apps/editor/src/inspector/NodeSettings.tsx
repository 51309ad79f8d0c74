/** Node settings beside its config: name, retry policy, timeout, error port, notes. */
import type { FlowNode, RetryPolicy } from '@idflow/engine/model';

function num(v: string): number | undefined {
  if (v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? Math.round(n) : undefined;
}

function without<K extends keyof FlowNode>(node: FlowNode, key: K, value: FlowNode[K] | undefined): FlowNode {
  if (value === undefined || value === '') {
    const { [key]: _gone, ...rest } = node;
    return rest as FlowNode;
  }
  return { ...node, [key]: value };
}

export function NodeSettings(props: { node: FlowNode; onChange: (node: FlowNode) => void }) {
  const { node, onChange } = props;
  const retry = node.retry;
  const setRetry = (patch: Partial<RetryPolicy> | null) => {
    if (patch === null) return onChange(without(node, 'retry', undefined));
    const base = retry ?? ({ attempts: 3 } as RetryPolicy);
    const next = { ...base, ...patch };
    for (const k of Object.keys(next) as (keyof RetryPolicy)[]) if (next[k] === undefined) delete next[k];
    onChange({ ...node, retry: next });
  };
  return (
    <div className="form-fields" data-testid="node-settings">
      <label className="field">
        <span>Name</span>
        <input
          value={node.name ?? ''}
          placeholder={node.id}
          onChange={(e) => onChange(without(node, 'name', e.target.value))}
          data-testid="setting-name"
        />
      </label>
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            checked={!!retry}
            onChange={(e) => setRetry(e.target.checked ? {} : null)}
            data-testid="setting-retry"
          />
          <span>Retry on failure</span>
        </label>
        {retry && (
          <div className="grid3">
            <label className="field">
              <span>Attempts</span>
              <input
                type="number"
                min={1}
                max={20}
                value={retry.attempts}
                onChange={(e) => setRetry({ attempts: num(e.target.value) ?? 1 })}
                data-testid="setting-retry-attempts"
              />
            </label>
            <label className="field">
              <span>Initial delay (ms)</span>
              <input
                type="number"
                min={0}
                value={retry.initialDelayMs ?? ''}
                placeholder="500"
                onChange={(e) => setRetry({ initialDelayMs: num(e.target.value) })}
              />
            </label>
            <label className="field">
              <span>Max delay (ms)</span>
              <input
                type="number"
                min={0}
                value={retry.maxDelayMs ?? ''}
                placeholder="30000"
                onChange={(e) => setRetry({ maxDelayMs: num(e.target.value) })}
              />
            </label>
          </div>
        )}
      </div>
      <label className="field">
        <span>Timeout (ms)</span>
        <input
          type="number"
          min={1}
          value={node.timeoutMs ?? ''}
          placeholder="runtime default"
          onChange={(e) => onChange(without(node, 'timeoutMs', num(e.target.value)))}
          data-testid="setting-timeout"
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={node.errorPort === true}
          onChange={(e) => onChange(without(node, 'errorPort', e.target.checked ? true : undefined))}
          data-testid="setting-error-port"
        />
        <span>Error port: continue on "error" after the last attempt fails</span>
      </label>
      <label className="field">
        <span>Notes</span>
        <textarea
          rows={3}
          value={node.notes ?? ''}
          onChange={(e) => onChange(without(node, 'notes', e.target.value))}
          data-testid="setting-notes"
        />
      </label>
    </div>
  );
}
