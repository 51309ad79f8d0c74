/** Where a picked upstream field goes: at the cursor of an expression, or as the whole value of a literal field. */
import { isExpression } from './expression';

/** Offsets in the expression source (the textarea's text, without the leading `=`). */
export interface TextSelection {
  start: number;
  end: number;
}

/**
 * The field value after picking `picked` (an expression such as `=trigger.body.email`). In an expression the
 * picked source replaces the selection (or goes at the caret; at the end when no cursor is known); a literal
 * (or empty) field becomes the picked expression. `caret` is the source offset right after the inserted text.
 * @example insertPicked('="Hi " & ', '=trigger.body.name', { start: 8, end: 8 }) // { value: '="Hi " & trigger.body.name', caret: 25 }
 */
export function insertPicked(
  current: unknown,
  picked: string,
  selection?: TextSelection | null,
): { value: string; caret: number } {
  const insert = isExpression(picked) ? picked.slice(1) : picked;
  if (!isExpression(current)) return { value: `=${insert}`, caret: insert.length };
  const source = current.slice(1);
  const clamp = (n: number) => Math.min(Math.max(0, Math.trunc(n)), source.length);
  const a = clamp(selection?.start ?? source.length);
  const b = clamp(selection?.end ?? source.length);
  const [start, end] = a <= b ? [a, b] : [b, a];
  const next = `${source.slice(0, start)}${insert}${source.slice(end)}`;
  // Keep the `=` prefix rules: `==…` is the literal escape, so a source may never start with `=`.
  if (next.startsWith('=')) return { value: `=${insert}`, caret: insert.length };
  return { value: `=${next}`, caret: start + insert.length };
}
