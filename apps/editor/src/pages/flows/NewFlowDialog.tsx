/** Create-flow dialog: name, id (slug, derived from the name until edited), optional starting trigger. */
import type { Flow } from '@idflow/engine/model';
import { useState } from 'react';
import { describeError } from '../../api/client';
import { createFlow } from '../../api/flows';
import { slugFromName } from '../../canvas/ids';
import { Modal, ModalActions } from '../../components/Modal';
import { defaultConfig } from '../../form/defaults';
import { useCatalog } from '../../store/catalogStore';

export function NewFlowDialog(props: { onClose: () => void; onCreated: (id: string) => void }) {
  const types = useCatalog((s) => s.types);
  const triggers = types.filter((t) => !t.hasInput);
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [trigger, setTrigger] = useState('');
  const [error, setError] = useState<string | null>(null);
  const flowId = idEdited ? id : slugFromName(name);

  const submit = async () => {
    setError(null);
    const info = types.find((t) => t.type === trigger);
    const flow: Flow = {
      schemaVersion: 1,
      id: flowId,
      name: name.trim() || flowId,
      nodes: info
        ? [
            {
              id: 'trigger',
              type: info.type,
              position: { x: 0, y: 0 },
              config: defaultConfig(info.configSchema, { flowId }),
            },
          ]
        : [],
      edges: [],
    };
    try {
      await createFlow(flow);
      props.onCreated(flowId);
    } catch (err) {
      setError(describeError(err));
    }
  };

  return (
    <Modal
      title="New flow"
      onClose={props.onClose}
      testId="new-flow-dialog"
      footer={
        <ModalActions
          label="Create"
          onCancel={props.onClose}
          onConfirm={submit}
          disabled={!name.trim()}
          testId="new-flow-create"
        />
      }
    >
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="new-flow-name" />
      </label>
      <label className="field">
        <span>Id (file name: {flowId || '…'}.flow.json)</span>
        <input
          value={flowId}
          onChange={(e) => {
            setIdEdited(true);
            setId(e.target.value);
          }}
          pattern="[a-z0-9][a-z0-9-]*"
          data-testid="new-flow-id"
        />
      </label>
      <label className="field">
        <span>Start with</span>
        <select value={trigger} onChange={(e) => setTrigger(e.target.value)} data-testid="new-flow-trigger">
          <option value="">An empty canvas</option>
          {triggers.map((t) => (
            <option key={t.type} value={t.type}>
              {t.title}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
