/** Canvas toolbar: flow name, unsaved marker, validity (or draft), undo/redo, layout, fit, history, save, run, dry run. */
import { useReactFlow } from '@xyflow/react';
import { runBlockedReason, validityLabel } from '../../store/drafts';
import { useEditor } from '../../store/editorStore';
import { useValidation } from '../../store/validationStore';

export function Toolbar(props: {
  saving: boolean;
  onSave: () => void;
  onRun: () => void;
  onDryRun: () => void;
  onHistory: () => void;
}) {
  const meta = useEditor((s) => s.meta);
  const dirty = useEditor((s) => s.dirty);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const undo = useEditor((s) => s.undo);
  const redo = useEditor((s) => s.redo);
  const autoLayout = useEditor((s) => s.autoLayout);
  const errors = useValidation((s) => s.errors.length);
  const enabled = useEditor((s) => s.saved.enabled);
  const { fitView } = useReactFlow();
  const blocked = runBlockedReason(errors);

  return (
    <div className="toolbar" data-testid="toolbar">
      <a href="#/flows" className="btn ghost small">
        ← Flows
      </a>
      <div className="toolbar-title">
        <span className="strong" data-testid="flow-title">
          {meta?.name}
        </span>
        {dirty && (
          <span className="dirty" title="Unsaved changes" data-testid="dirty-marker">
            ● unsaved
          </span>
        )}
        <span
          className={errors ? 'invalid-count' : 'valid-count'}
          data-testid="validity"
          title={
            errors
              ? enabled
                ? 'This flow is enabled: a version with problems cannot be saved until you disable it.'
                : 'Saving keeps your work as a draft: it cannot be enabled or run until the problems are fixed.'
              : undefined
          }
        >
          {validityLabel(errors)}
        </span>
      </div>
      <span className="spacer" />
      <button
        type="button"
        className="btn small"
        onClick={undo}
        disabled={!canUndo}
        title="Undo (Ctrl/Cmd+Z)"
        data-testid="undo"
      >
        Undo
      </button>
      <button
        type="button"
        className="btn small"
        onClick={redo}
        disabled={!canRedo}
        title="Redo (Shift+Ctrl/Cmd+Z)"
        data-testid="redo"
      >
        Redo
      </button>
      <button
        type="button"
        className="btn small"
        onClick={() => {
          autoLayout();
          requestAnimationFrame(() => void fitView({ padding: 0.15, duration: 200 }));
        }}
        data-testid="auto-layout"
      >
        Auto-layout
      </button>
      <button
        type="button"
        className="btn small"
        onClick={() => void fitView({ padding: 0.15, duration: 200 })}
        data-testid="fit-view"
      >
        Fit view
      </button>
      <button
        type="button"
        className="btn small"
        onClick={props.onHistory}
        title="Saved versions: compare and restore"
        data-testid="history"
      >
        History
      </button>
      <button
        type="button"
        className="btn small primary"
        onClick={props.onSave}
        disabled={props.saving || !dirty}
        title="Save (Ctrl/Cmd+S)"
        data-testid="save"
      >
        {props.saving ? 'Saving…' : 'Save'}
      </button>
      <span className="run-buttons" title={blocked ?? undefined}>
        <button
          type="button"
          className="btn small"
          onClick={props.onDryRun}
          disabled={blocked !== null}
          title={blocked ?? 'Dry run: plan the side effects without making them'}
          data-testid="dry-run"
        >
          Dry run
        </button>
        <button
          type="button"
          className="btn small accent"
          onClick={props.onRun}
          disabled={blocked !== null}
          title={blocked ?? 'Run the flow'}
          data-testid="run"
        >
          ▶ Run
        </button>
      </span>
    </div>
  );
}
