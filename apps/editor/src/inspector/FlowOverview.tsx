/** Inspector when nothing is selected: flow name and description, and every validation problem. */
import { useEditor } from '../store/editorStore';
import { useValidation } from '../store/validationStore';

export function FlowOverview() {
  const meta = useEditor((s) => s.meta);
  const renameFlow = useEditor((s) => s.renameFlow);
  const select = useEditor((s) => s.select);
  const errors = useValidation((s) => s.errors);
  const warnings = useValidation((s) => s.warnings);
  if (!meta) return null;
  return (
    <div className="inspector" data-testid="flow-overview">
      <label className="field">
        <span>Flow name</span>
        <input value={meta.name} onChange={(e) => renameFlow(e.target.value)} data-testid="flow-name-input" />
      </label>
      <div className="muted small">
        id <code>{meta.id}</code> · file <code>{meta.id}.flow.json</code>
      </div>
      <h3 className="section-title">Problems</h3>
      {errors.length === 0 && warnings.length === 0 && (
        <p className="ok small" data-testid="flow-valid">
          ✓ The flow is valid.
        </p>
      )}
      <ul className="issue-list" data-testid="flow-problems">
        {errors.map((i) => (
          <li key={`e-${i.path}-${i.code}-${i.message}`}>
            <button type="button" className="linklike" onClick={() => i.nodeId && select([i.nodeId])}>
              {i.message}
            </button>
          </li>
        ))}
        {warnings.map((i) => (
          <li key={`w-${i.path}-${i.code}-${i.message}`} className="warn">
            {i.message}
          </li>
        ))}
      </ul>
      <p className="muted small">
        Drag node types from the palette, or click one to add it after the selected node. Connect ports by
        dragging. Ctrl/Cmd+C/V copy and paste, Ctrl/Cmd+D duplicates, Ctrl/Cmd+Z undoes, Delete removes.
      </p>
    </div>
  );
}
