/** A one-field dialog used to rename a flow. */
import { useState } from 'react';
import { Modal } from '../../components/Modal';

export function RenameDialog(props: {
  initial: string;
  onClose: () => void;
  onSave: (name: string) => void;
}) {
  const [name, setName] = useState(props.initial);
  return (
    <Modal
      title="Rename flow"
      onClose={props.onClose}
      testId="rename-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!name.trim()}
            onClick={() => props.onSave(name.trim())}
            data-testid="rename-save"
          >
            Rename
          </button>
        </>
      }
    >
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="rename-input" />
      </label>
    </Modal>
  );
}
