/**
 * The open flow's saved versions, newest first. Selecting one shows what changed between it and the canvas (or
 * another version); "Restore" loads it onto the canvas as unsaved changes, saved later with the usual If-Match.
 */
import type { Flow } from '@idflow/engine/model';
import type { FlowVersion } from '../api/schemas';
import { formatTime } from '../components/format';
import { Modal, ModalActions } from '../components/Modal';
import type { CompareTarget } from './compare';
import { DiffView } from './DiffView';
import { sameValue } from './flowDiff';
import { useVersionHistory } from './useVersionHistory';

const shortHash = (hash: string) => hash.slice(0, 8);

function VersionRow(props: { v: FlowVersion; current: boolean; selected: boolean; onSelect: () => void }) {
  const { v } = props;
  return (
    <li className={props.selected ? 'active' : ''}>
      <button
        type="button"
        className="version-item"
        aria-pressed={props.selected}
        onClick={props.onSelect}
        data-testid={`version-${v.version}`}
      >
        <span className="strong">v{v.version}</span>
        {props.current && <span className="tag">current</span>}
        <span className="muted small" title={v.savedAt}>
          {formatTime(v.savedAt)}
        </span>
        <code className="muted" title={v.hash}>
          {shortHash(v.hash)}
        </code>
        {v.summary && <span className="small version-summary">{v.summary}</span>}
      </button>
    </li>
  );
}

/** "Compare version N with: the canvas | version M …" (every version but the picked one). */
function TargetSelect(props: {
  items: FlowVersion[];
  picked: FlowVersion;
  target: CompareTarget;
  onChange: (t: CompareTarget) => void;
}) {
  const value = props.target === 'canvas' ? 'canvas' : props.target.hash;
  return (
    <label className="history-target">
      Compare version {props.picked.version} with{' '}
      <select
        value={value}
        onChange={(e) => props.onChange(e.target.value === 'canvas' ? 'canvas' : { hash: e.target.value })}
        data-testid="history-against"
      >
        <option value="canvas">the canvas</option>
        {props.items
          .filter((v) => v.hash !== props.picked.hash)
          .map((v) => (
            <option key={v.hash} value={v.hash}>
              version {v.version}
            </option>
          ))}
      </select>
    </label>
  );
}

export function HistoryDialog(props: {
  flowId: string;
  /** The canvas as the dialog opened: its flow, whether it has unsaved changes, the version it is based on. */
  canvas: { flow: Flow; dirty: boolean; version: number };
  onRestore: (flow: Flow, version: number) => void;
  onClose: () => void;
}) {
  const h = useVersionHistory(props.flowId, props.canvas);
  const current = h.items?.[0];
  const onCanvas = !!h.pickedFlow && sameValue(h.pickedFlow, props.canvas.flow);
  const restore = () => {
    if (h.picked && h.pickedFlow && !onCanvas) props.onRestore(h.pickedFlow, h.picked.version);
  };

  return (
    <Modal
      title="Version history"
      onClose={props.onClose}
      wide
      testId="history-dialog"
      footer={
        <ModalActions
          label={h.picked ? `Restore version ${h.picked.version}` : 'Restore'}
          onCancel={props.onClose}
          onConfirm={restore}
          disabled={!h.pickedFlow || onCanvas}
          testId="history-restore"
        />
      }
    >
      {h.error && (
        <p className="error" role="alert" data-testid="history-error">
          {h.error}
        </p>
      )}
      {!h.items && !h.error && <p className="muted">Loading versions…</p>}
      {h.items?.length === 0 && <p className="muted">This flow has no saved versions yet.</p>}
      {h.items && h.items.length > 0 && (
        <div className="history">
          <ul className="version-list" data-testid="version-list">
            {h.items.map((v) => (
              <VersionRow
                key={v.hash}
                v={v}
                current={v.hash === current?.hash}
                selected={v.hash === h.picked?.hash}
                onSelect={() => h.select(v.hash)}
              />
            ))}
          </ul>
          <div className="history-diff">
            {h.picked && (
              <TargetSelect items={h.items} picked={h.picked} target={h.target} onChange={h.compareWith} />
            )}
            {h.comparison ? (
              <DiffView
                diff={h.comparison.diff}
                fromLabel={h.comparison.from.label}
                toLabel={h.comparison.to.label}
              />
            ) : (
              !h.error && <p className="muted">Loading version…</p>
            )}
            {onCanvas && h.picked && (
              <p className="muted small" data-testid="history-on-canvas">
                The canvas already holds version {h.picked.version}: there is nothing to restore.
              </p>
            )}
            {props.canvas.dirty && !onCanvas && (
              <p className="muted small" data-testid="history-dirty-note">
                Restoring replaces the unsaved changes on the canvas; Undo brings them back.
              </p>
            )}
            <p className="muted small">
              Restore puts the version on the canvas as unsaved changes; Save makes it the current version.
            </p>
          </div>
        </div>
      )}
    </Modal>
  );
}
