/** Array (add/remove items) and record (key/value entries) editors. */
import { useState } from 'react';
import type { JsonSchema } from '../api/schemas';
import { ModeTools, ValueEditor } from './FieldRow';
import { childPath, testIdFor } from './formContext';
import { emptyValue, itemSchema, recordValueSchema } from './schemaKinds';

interface CollectionProps {
  path: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (v: unknown) => void;
}

export function ArrayEditor(props: CollectionProps) {
  const items = Array.isArray(props.value) ? props.value : [];
  const item = itemSchema(props.schema);
  const tid = testIdFor(props.path);
  const set = (i: number, v: unknown) => props.onChange(items.map((x, j) => (j === i ? v : x)));
  return (
    <div className="collection" data-testid={`${tid}-array`}>
      {items.map((v, i) => {
        const path = childPath(props.path, i);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity but their position
          <div className="collection-item" key={i}>
            <div className="collection-tools">
              <span className="muted small">#{i + 1}</span>
              <ModeTools
                path={path}
                value={v}
                onChange={(nv) => set(i, nv === undefined ? emptyValue(item) : nv)}
              />
              <button
                type="button"
                className="btn tiny danger"
                onClick={() => props.onChange(items.filter((_, j) => j !== i))}
                data-testid={`${testIdFor(path)}-remove`}
              >
                Remove
              </button>
            </div>
            <ValueEditor path={path} schema={item} value={v} onChange={(nv) => set(i, nv)} />
          </div>
        );
      })}
      <button
        type="button"
        className="btn tiny"
        onClick={() => props.onChange([...items, emptyValue(item)])}
        data-testid={`${tid}-add`}
      >
        + Add item
      </button>
    </div>
  );
}

export function RecordEditor(props: CollectionProps) {
  const obj =
    props.value && typeof props.value === 'object' && !Array.isArray(props.value)
      ? (props.value as Record<string, unknown>)
      : {};
  const valueSchema = recordValueSchema(props.schema);
  const entries = Object.entries(obj);
  const tid = testIdFor(props.path);
  const [newKey, setNewKey] = useState('');

  const renameKey = (from: string, to: string) => {
    if (!to || to === from || to in obj) return;
    props.onChange(Object.fromEntries(entries.map(([k, v]) => [k === from ? to : k, v])));
  };

  return (
    <div className="collection" data-testid={`${tid}-record`}>
      {entries.map(([k, v]) => {
        const path = childPath(props.path, k);
        return (
          <div className="collection-item record" key={k}>
            <div className="collection-tools">
              <input
                className="record-key"
                defaultValue={k}
                aria-label="Key"
                onBlur={(e) => renameKey(k, e.target.value.trim())}
                data-testid={`${testIdFor(path)}-key`}
              />
              <ModeTools
                path={path}
                value={v}
                onChange={(nv) => props.onChange({ ...obj, [k]: nv ?? emptyValue(valueSchema) })}
              />
              <button
                type="button"
                className="btn tiny danger"
                onClick={() => props.onChange(Object.fromEntries(entries.filter(([x]) => x !== k)))}
                data-testid={`${testIdFor(path)}-remove`}
              >
                Remove
              </button>
            </div>
            <ValueEditor
              path={path}
              schema={valueSchema}
              value={v}
              onChange={(nv) => props.onChange({ ...obj, [k]: nv })}
            />
          </div>
        );
      })}
      <div className="record-add">
        <input
          placeholder="New key"
          value={newKey}
          onChange={(e) => setNewKey(e.target.value)}
          data-testid={`${tid}-newkey`}
        />
        <button
          type="button"
          className="btn tiny"
          disabled={!newKey.trim() || newKey.trim() in obj}
          onClick={() => {
            props.onChange({ ...obj, [newKey.trim()]: emptyValue(valueSchema) });
            setNewKey('');
          }}
          data-testid={`${tid}-add`}
        >
          + Add entry
        </button>
      </div>
    </div>
  );
}
