/** Canvas keyboard shortcuts: copy, paste, duplicate, undo, redo, delete, save. Ignored while typing in a field. */
import { useEffect } from 'react';
import { useEditor } from '../store/editorStore';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useCanvasKeys(onSave: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') {
        e.preventDefault();
        onSave();
        return;
      }
      if (typing(e.target) || document.querySelector('.modal-backdrop')) return;
      const s = useEditor.getState();
      if (mod && key === 'c') s.copy();
      else if (mod && key === 'v') s.paste();
      else if (mod && key === 'd') {
        e.preventDefault();
        s.duplicate();
      } else if (mod && key === 'z' && e.shiftKey) {
        e.preventDefault();
        s.redo();
      } else if (mod && (key === 'z' || key === 'y')) {
        e.preventDefault();
        if (key === 'y') s.redo();
        else s.undo();
      } else if (key === 'delete' || key === 'backspace') {
        e.preventDefault();
        s.removeSelected();
      } else return;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onSave]);
}
