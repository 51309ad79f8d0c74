/** One form field: label, literal/expression toggle, mapping picker, and the editor for its kind. */
import type { JsonSchema } from '../api/schemas';
import { ArrayEditor, RecordEditor } from './Collections';
import { ExpressionInput } from './ExpressionInput';
import { placeCaret, selectionIn } from './exprCursor';
import { isExpression, literalToExpression } from './expression';
import { FieldPicker } from './FieldPicker';
import { testIdFor, useFormContext } from './formContext';
import { insertPicked } from './insertPicked';
import { ObjectFields } from './ObjectFields';
import { fieldKind, labelFor, resolveSchema } from './schemaKinds';
import { ConnectionSelect, JsonEditor, PrimitiveEditor } from './ValueEditors';

export interface FieldProps {
  /** Config path of this field (`user.userName`, `emails[0]`); also used for test ids. */
  path: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Connection kind when this field names a connection. */
  connectionKind?: string;
}

/** The editor for a value (literal or expression) without a label, used by rows, array items and record values. */
export function ValueEditor(props: FieldProps) {
  const { root } = useFormContext();
  const s = resolveSchema(props.schema, root);
  const tid = testIdFor(props.path);
  if (isExpression(props.value)) {
    return <ExpressionInput value={props.value} onChange={props.onChange} testId={tid} />;
  }
  if (props.connectionKind) {
    return (
      <ConnectionSelect
        kind={props.connectionKind}
        value={props.value}
        onChange={props.onChange}
        testId={tid}
      />
    );
  }
  switch (fieldKind(s)) {
    case 'object':
      return <ObjectFields path={props.path} schema={s} value={props.value} onChange={props.onChange} />;
    case 'array':
      return <ArrayEditor path={props.path} schema={s} value={props.value} onChange={props.onChange} />;
    case 'record':
      return <RecordEditor path={props.path} schema={s} value={props.value} onChange={props.onChange} />;
    case 'json':
      return <JsonEditor value={props.value} onChange={props.onChange} testId={tid} />;
    default:
      return <PrimitiveEditor schema={s} value={props.value} onChange={props.onChange} testId={tid} />;
  }
}

/** Literal ⇄ expression switch and the picker, shown beside a value editor. */
export function ModeTools(props: { path: string; value: unknown; onChange: (v: unknown) => void }) {
  const expr = isExpression(props.value);
  const tid = testIdFor(props.path);
  return (
    <span className="mode-tools">
      <button
        type="button"
        className={`btn tiny mode${expr ? ' on' : ''}`}
        title={expr ? 'Switch to a literal value' : 'Switch to an expression (JSONata)'}
        aria-pressed={expr}
        onClick={() => props.onChange(expr ? undefined : literalToExpression(props.value))}
        data-testid={`${tid}-mode`}
      >
        ƒx
      </button>
      <FieldPicker
        testId={tid}
        onPick={(picked) => {
          // At the cursor of an expression; a literal field becomes the picked expression.
          const { value, caret } = insertPicked(props.value, picked, selectionIn(tid));
          props.onChange(value);
          placeCaret(tid, caret);
        }}
      />
    </span>
  );
}

export function FieldRow(props: FieldProps & { name: string; required?: boolean }) {
  const { root } = useFormContext();
  const s = resolveSchema(props.schema, root);
  const description = typeof s.description === 'string' ? s.description : undefined;
  const kind = fieldKind(s);
  const block = !isExpression(props.value) && (kind === 'object' || kind === 'array' || kind === 'record');
  return (
    <div className={`form-row${block ? ' block' : ''}`} data-testid={testIdFor(props.path)}>
      <div className="form-label">
        <label htmlFor={`${testIdFor(props.path)}-input`}>
          {labelFor(props.name, s)}
          {props.required && <span className="req">*</span>}
        </label>
        <ModeTools path={props.path} value={props.value} onChange={props.onChange} />
      </div>
      <ValueEditor {...props} />
      {description && <div className="form-help">{description}</div>}
    </div>
  );
}
