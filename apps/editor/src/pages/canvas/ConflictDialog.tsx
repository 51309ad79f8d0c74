/** Shown when saving hits 409 VERSION_CONFLICT: reload the stored flow, or overwrite it with this one. */
import { Modal } from '../../components/Modal';

export function ConflictDialog(props: {
  onReload: () => void;
  onOverwrite?: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      title="This flow was changed elsewhere"
      onClose={props.onClose}
      testId="conflict-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Keep editing
          </button>
          {props.onOverwrite && (
            <button
              type="button"
              className="btn danger"
              onClick={props.onOverwrite}
              data-testid="conflict-overwrite"
            >
              Overwrite with mine
            </button>
          )}
          <button
            type="button"
            className="btn primary"
            onClick={props.onReload}
            data-testid="conflict-reload"
          >
            Reload (discard my changes)
          </button>
        </>
      }
    >
      <p>Someone saved a newer version of this flow since you opened it. Your changes were not saved.</p>
    </Modal>
  );
}
