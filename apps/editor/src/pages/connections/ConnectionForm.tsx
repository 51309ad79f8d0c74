/** Create/edit a connection. Secrets show only set/unset; leaving a secret blank keeps the stored value. */
import { useState } from 'react';
import { describeError } from '../../api/client';
import { type ConnectionInput, createConnection, updateConnection } from '../../api/connections';
import type { ConnectionView } from '../../api/schemas';
import { Modal, ModalActions } from '../../components/Modal';
import { AUTH_TYPES } from './authFields';

export function ConnectionForm(props: {
  existing?: ConnectionView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const ex = props.existing;
  const [name, setName] = useState(ex?.name ?? '');
  const [kind, setKind] = useState<'scim' | 'http'>(ex?.kind === 'http' ? 'http' : 'scim');
  const [baseUrl, setBaseUrl] = useState(ex?.baseUrl ?? '');
  const [authType, setAuthType] = useState(ex?.auth.type ?? 'bearer');
  const [values, setValues] = useState<Record<string, string>>(() => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(ex?.auth ?? {}))
      if (typeof v === 'string' && k !== 'type') out[k] = v;
    return out;
  });
  const [options, setOptions] = useState(ex?.options ? JSON.stringify(ex.options, null, 2) : '{}');
  const [error, setError] = useState<string | null>(null);
  const fields = AUTH_TYPES[authType] ?? [];
  const secrets = ex && ex.auth.type === authType ? (ex.auth.secrets ?? {}) : {};

  const save = async () => {
    setError(null);
    let parsedOptions: Record<string, unknown>;
    try {
      const o: unknown = JSON.parse(options || '{}');
      if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('must be a JSON object');
      parsedOptions = o as Record<string, unknown>;
    } catch (err) {
      setError(`Options: ${(err as Error).message}`);
      return;
    }
    const auth: ConnectionInput['auth'] = { type: authType };
    for (const f of fields) {
      const v = values[f.key] ?? '';
      if (v === '' && (f.secret || f.optional)) continue;
      auth[f.key] = v;
    }
    const input: ConnectionInput = {
      name: name.trim(),
      kind,
      baseUrl: baseUrl.trim(),
      auth,
      options: parsedOptions,
    };
    try {
      if (ex) await updateConnection(ex.name, input);
      else await createConnection(input);
      props.onSaved();
    } catch (err) {
      setError(describeError(err));
    }
  };

  return (
    <Modal
      title={ex ? `Edit connection ${ex.name}` : 'New connection'}
      onClose={props.onClose}
      testId="connection-form"
      footer={
        <ModalActions label="Save" onCancel={props.onClose} onConfirm={save} testId="connection-save" />
      }
    >
      <div className="grid2">
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            disabled={!!ex}
            onChange={(e) => setName(e.target.value)}
            data-testid="connection-name"
          />
        </label>
        <label className="field">
          <span>Kind</span>
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value === 'http' ? 'http' : 'scim')}
            data-testid="connection-kind"
          >
            <option value="scim">SCIM 2.0</option>
            <option value="http">HTTP</option>
          </select>
        </label>
      </div>
      <label className="field">
        <span>Base URL</span>
        <input
          value={baseUrl}
          placeholder="https://example.com/scim/v2"
          onChange={(e) => setBaseUrl(e.target.value)}
          data-testid="connection-baseurl"
        />
      </label>
      <label className="field">
        <span>Authentication</span>
        <select
          value={authType}
          onChange={(e) => setAuthType(e.target.value)}
          data-testid="connection-auth-type"
        >
          {Object.keys(AUTH_TYPES).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {fields.map((f) => (
        <label className="field" key={f.key}>
          <span>
            {f.label}
            {f.secret && ex && (
              <em
                className={`secret-state ${secrets[f.key] === 'set' ? 'set' : 'unset'}`}
                data-testid={`secret-${f.key}`}
              >
                {secrets[f.key] === 'set' ? 'set — leave blank to keep' : 'unset'}
              </em>
            )}
          </span>
          <input
            type={f.secret ? 'password' : 'text'}
            autoComplete="off"
            value={values[f.key] ?? ''}
            placeholder={f.secret ? 'value or env:NAME' : ''}
            onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
            data-testid={`connection-auth-${f.key}`}
          />
        </label>
      ))}
      <label className="field">
        <span>Options (JSON)</span>
        <textarea rows={3} className="mono" value={options} onChange={(e) => setOptions(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
