/** Mapping picker: upstream nodes' output fields; picking one inserts its expression at the field's cursor. */
import { useState } from 'react';
import { useFormContext } from './formContext';

export function FieldPicker(props: { onPick: (expression: string) => void; testId: string }) {
  const { groups } = useFormContext();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  if (groups.length === 0) return null;
  const q = query.trim().toLowerCase();
  return (
    <span className="picker">
      <button
        type="button"
        className="btn tiny"
        title="Map from an upstream node's output"
        onClick={() => setOpen(!open)}
        data-testid={`${props.testId}-pick`}
      >
        ⤷ map
      </button>
      {open && (
        <div className="picker-pop" data-testid="field-picker">
          <input
            className="search"
            placeholder="Filter fields"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
          />
          <div className="picker-list">
            {groups.map((g) => {
              const fields = g.fields.filter(
                (f) => !q || f.path.toLowerCase().includes(q) || g.label.toLowerCase().includes(q),
              );
              if (fields.length === 0) return null;
              return (
                <div key={g.nodeId} className="picker-group">
                  <div className="picker-node">
                    {g.label} <span className="muted small">{g.isTrigger ? 'trigger' : g.nodeId}</span>
                  </div>
                  {fields.map((f) => (
                    <button
                      type="button"
                      key={f.expression}
                      className="picker-field"
                      onClick={() => {
                        props.onPick(f.expression);
                        setOpen(false);
                      }}
                      data-testid={`pick-${f.expression.slice(1)}`}
                    >
                      <span className="mono">{f.path}</span>
                      <span className="muted small">
                        {f.type ?? ''}
                        {f.fromRun ? ' · last run' : ''}
                      </span>
                    </button>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </span>
  );
}
