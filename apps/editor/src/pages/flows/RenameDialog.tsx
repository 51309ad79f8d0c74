/** A one-field dialog used to rename a flow. */
import { useState } from 'react';
import { Modal, ModalActions } from '../../components/Modal';

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
        <ModalActions
          label="Rename"
          onCancel={props.onClose}
          onConfirm={() => props.onSave(name.trim())}
          disabled={!name.trim()}
          testId="rename-save"
        />
      }
    >
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="rename-input" />
      </label>
    </Modal>
  );
}
