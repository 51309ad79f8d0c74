/** Leaf editors: text, number, boolean, enum select, connection select, and a raw JSON fallback. */
import { useEffect, useState } from 'react';
import type { JsonSchema } from '../api/schemas';
import { formatJson } from '../components/JsonText';
import { useFormContext } from './formContext';
import { enumValues, fieldKind } from './schemaKinds';

interface LeafProps {
  value: unknown;
  onChange: (v: unknown) => void;
  testId: string;
}

export function PrimitiveEditor(props: LeafProps & { schema: JsonSchema }) {
  const { schema, value, onChange, testId } = props;
  const kind = fieldKind(schema);
  const id = `${testId}-input`;
  if (kind === 'boolean') {
    return (
      <label className="check">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          data-testid={id}
        />
        <span>{value === true ? 'Yes' : value === false ? 'No' : 'Not set'}</span>
      </label>
    );
  }
  if (kind === 'enum') {
    const options = enumValues(schema) ?? [];
    const index = options.indexOf(value);
    return (
      <select
        id={id}
        value={index < 0 ? '' : String(index)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : options[Number(e.target.value)])}
        data-testid={id}
      >
        <option value="">{schema.default !== undefined ? `Default (${String(schema.default)})` : '—'}</option>
        {options.map((o, i) => (
          <option key={String(o)} value={String(i)}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  }
  if (kind === 'number' || kind === 'integer') {
    return (
      <input
        id={id}
        type="number"
        step={kind === 'integer' ? 1 : 'any'}
        value={typeof value === 'number' ? value : ''}
        placeholder={schema.default !== undefined ? String(schema.default) : ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        data-testid={id}
      />
    );
  }
  const long = typeof value === 'string' && (value.length > 60 || value.includes('\n'));
  const text = typeof value === 'string' ? value : value === undefined ? '' : String(value);
  const placeholder = schema.default !== undefined ? String(schema.default) : '';
  return long ? (
    <textarea id={id} rows={3} value={text} onChange={(e) => onChange(e.target.value)} data-testid={id} />
  ) : (
    <input
      id={id}
      type="text"
      value={text}
      placeholder={placeholder}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      data-testid={id}
    />
  );
}

export function ConnectionSelect(props: LeafProps & { kind: string }) {
  const { connections } = useFormContext();
  const options = connections.filter((c) => c.kind === props.kind);
  const current = typeof props.value === 'string' ? props.value : '';
  const missing = current !== '' && !options.some((c) => c.name === current);
  return (
    <select
      id={`${props.testId}-input`}
      value={current}
      onChange={(e) => props.onChange(e.target.value || undefined)}
      data-testid={`${props.testId}-input`}
    >
      <option value="">Choose a {props.kind} connection…</option>
      {missing && <option value={current}>{current} (not found)</option>}
      {options.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name} — {c.baseUrl}
        </option>
      ))}
    </select>
  );
}

/** Free JSON for schemas the form cannot render field by field (unions, unknown). */
export function JsonEditor(props: LeafProps) {
  const [text, setText] = useState(() => formatJson(props.value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(formatJson(props.value));
  }, [props.value]);
  return (
    <div>
      <textarea
        id={`${props.testId}-input`}
        className="mono"
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (text.trim() === '') {
            setError(null);
            props.onChange(undefined);
            return;
          }
          try {
            props.onChange(JSON.parse(text));
            setError(null);
          } catch (err) {
            setError(`Not valid JSON: ${(err as Error).message}`);
          }
        }}
        data-testid={`${props.testId}-input`}
      />
      {error && <div className="error small">{error}</div>}
    </div>
  );
}
