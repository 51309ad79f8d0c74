/** The fields of an object schema, in schema order; a field set to undefined is removed from the value. */
import type { JsonSchema } from '../api/schemas';
import { FieldRow } from './FieldRow';
import { childPath, useFormContext } from './formContext';
import { propertiesOf, requiredOf } from './schemaKinds';

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Sets or removes one key, keeping the other keys' order (so saved files diff cleanly). */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  if (value === undefined) {
    const { [key]: _gone, ...rest } = obj;
    return rest;
  }
  return { ...obj, [key]: value };
}

export function ObjectFields(props: {
  path: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (v: Record<string, unknown>) => void;
  /** Top level only: connection fields get the connection picker. */
  topLevel?: boolean;
}) {
  const { connectionFields } = useFormContext();
  const obj = asObject(props.value);
  const required = requiredOf(props.schema);
  const props_ = propertiesOf(props.schema);
  return (
    <div className={props.topLevel ? 'form-fields' : 'form-fields nested'}>
      {props_.map(([key, schema]) => (
        <FieldRow
          key={key}
          name={key}
          path={childPath(props.path, key)}
          schema={schema}
          value={obj[key]}
          required={required.has(key)}
          connectionKind={props.topLevel ? connectionFields[key] : undefined}
          onChange={(v) => props.onChange(setKey(obj, key, v))}
        />
      ))}
      {props_.length === 0 && <div className="muted small">No settings.</div>}
    </div>
  );
}
