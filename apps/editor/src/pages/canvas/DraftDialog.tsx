/** Shown when saving an enabled flow with problems is refused: keep editing, or disable it and save as a draft. */
import type { Issue } from '../../api/schemas';
import { Modal } from '../../components/Modal';
import { problemsText } from '../../store/drafts';

export function DraftDialog(props: { problems: Issue[]; onDisableAndSave: () => void; onClose: () => void }) {
  const shown = props.problems.slice(0, 8);
  return (
    <Modal
      title="This flow is enabled"
      onClose={props.onClose}
      testId="draft-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Keep editing
          </button>
          <button
            type="button"
            className="btn danger"
            onClick={props.onDisableAndSave}
            data-testid="draft-disable-save"
          >
            Disable and save as draft
          </button>
        </>
      }
    >
      <p>
        This version has {problemsText(props.problems.length)}, and an enabled flow only runs valid versions,
        so nothing was saved. Fix the problems and save again, or disable the flow (its trigger stops until
        you enable it again) and save your work as a draft.
      </p>
      <ul className="issue-list" data-testid="draft-problems">
        {shown.map((p) => (
          <li key={`${p.path}:${p.message}`}>
            {p.path && <code>{p.path}</code>} {p.message}
          </li>
        ))}
        {props.problems.length > shown.length && <li>… {props.problems.length - shown.length} more</li>}
      </ul>
    </Modal>
  );
}
