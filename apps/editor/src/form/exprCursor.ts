/**
 * Remembers each expression textarea by field test id, so the field picker (a sibling control) can read where
 * the admin's cursor was (a textarea keeps its selection after losing focus) and put the caret back afterwards.
 */
import type { TextSelection } from './insertPicked';

const boxes = new Map<string, HTMLTextAreaElement>();
// An untouched textarea reports offset 0, which would put the picked field before the existing text.
const used = new WeakSet<HTMLTextAreaElement>();

/**
 * Registers field `key`'s expression box; returns the cleanup for a React 19 ref callback. The cleanup only
 * forgets the box if no newer one took its key (a remount can attach before the old one detaches).
 */
export function registerExpressionBox(key: string, el: HTMLTextAreaElement): () => void {
  boxes.set(key, el);
  if (el.ownerDocument.activeElement === el) used.add(el);
  return () => {
    if (boxes.get(key) === el) boxes.delete(key);
  };
}

/** Call on focus: from now on the box's selection is where the admin means to insert. */
export function markCursorUsed(el: HTMLTextAreaElement): void {
  used.add(el);
}

/** The selection of field `key`'s expression box; null when it is not shown or the admin never put a cursor in it. */
export function selectionIn(key: string): TextSelection | null {
  const el = boxes.get(key);
  if (!el?.isConnected || !used.has(el)) return null;
  return { start: el.selectionStart, end: el.selectionEnd };
}

/** Focuses field `key`'s expression box with the caret at `offset`, once it is rendered. */
export function placeCaret(key: string, offset: number): void {
  requestAnimationFrame(() => {
    const el = boxes.get(key);
    if (!el?.isConnected) return;
    el.focus();
    used.add(el);
    el.setSelectionRange(offset, offset);
  });
}
