/** The latest live-validation result, recomputed shortly after each edit. */
import { useEffect } from 'react';
import { create } from 'zustand';
import { EMPTY_VALIDATION, type ValidationView, validateForEditor } from '../validation/validate';
import { useCatalog } from './catalogStore';
import { useEditor } from './editorStore';

export const useValidation = create<ValidationView>(() => EMPTY_VALIDATION);

const DEBOUNCE_MS = 150;
const FIRST_PASS_MS = 400;

/** Keeps useValidation in step with the editor store while mounted. */
export function useLiveValidation(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      const catalog = useCatalog.getState().catalog;
      const { meta } = useEditor.getState();
      if (!catalog || !meta) return;
      try {
        useValidation.setState(validateForEditor(useEditor.getState().toFlow(), catalog));
      } catch (err) {
        useValidation.setState({
          ...EMPTY_VALIDATION,
          errors: [{ path: '', code: 'schema', message: `Validation failed: ${(err as Error).message}` }],
        });
      }
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    };
    // First pass once the canvas has rendered and fitted, so opening a big flow is not held up by validation.
    timer = setTimeout(run, FIRST_PASS_MS);
    const unsubEditor = useEditor.subscribe((s, prev) => {
      if (s.nodes !== prev.nodes || s.edges !== prev.edges || s.meta !== prev.meta) schedule();
    });
    const unsubCatalog = useCatalog.subscribe((s, prev) => {
      if (s.catalog !== prev.catalog) schedule();
    });
    return () => {
      clearTimeout(timer);
      unsubEditor();
      unsubCatalog();
      useValidation.setState(EMPTY_VALIDATION);
    };
  }, []);
}
