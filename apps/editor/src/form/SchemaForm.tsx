/** A config form generated from a node type's JSON Schema; emits the whole new config on every change. */
import { useMemo } from 'react';
import type { ConnectionView, JsonSchema } from '../api/schemas';
import { FormContext, type FormContextValue } from './formContext';
import { ObjectFields } from './ObjectFields';
import { fieldKind, resolveSchema } from './schemaKinds';
import type { PickGroup } from './upstream';
import { JsonEditor } from './ValueEditors';

export interface SchemaFormProps {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (config: Record<string, unknown>) => void;
  connections?: ConnectionView[];
  connectionFields?: Record<string, string>;
  groups?: PickGroup[];
  preview?: Record<string, unknown> | null;
}

/**
 * @example <SchemaForm schema={info.configSchema} value={node.config} onChange={(c) => update(c)} />
 */
export function SchemaForm(props: SchemaFormProps) {
  const ctx = useMemo<FormContextValue>(
    () => ({
      root: props.schema,
      connections: props.connections ?? [],
      connectionFields: props.connectionFields ?? {},
      groups: props.groups ?? [],
      preview: props.preview ?? null,
    }),
    [props.schema, props.connections, props.connectionFields, props.groups, props.preview],
  );
  const root = resolveSchema(props.schema, props.schema);
  return (
    <FormContext.Provider value={ctx}>
      <div className="schema-form" data-testid="schema-form">
        {fieldKind(root) === 'object' ? (
          <ObjectFields path="" schema={root} value={props.value} onChange={props.onChange} topLevel />
        ) : (
          <JsonEditor
            value={props.value}
            testId="field-config"
            onChange={(v) =>
              props.onChange(
                v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {},
              )
            }
          />
        )}
      </div>
    </FormContext.Provider>
  );
}
