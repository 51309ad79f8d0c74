/** Expression editor: the JSONata after `=`, its compile error marked at its position, and a live preview. */
import { useCallback, useEffect, useState } from 'react';
import { formatJson } from '../components/JsonText';
import { markCursorUsed, registerExpressionBox } from './exprCursor';
import { compileError, previewExpression } from './expression';
import { useFormContext } from './formContext';

export function ExpressionInput(props: { value: string; onChange: (v: string) => void; testId: string }) {
  const { preview } = useFormContext();
  const source = props.value.slice(1);
  const error = compileError(source);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  // Stable per field, so React does not detach and re-attach the box on every render.
  const boxRef = useCallback(
    (el: HTMLTextAreaElement | null) => (el ? registerExpressionBox(props.testId, el) : undefined),
    [props.testId],
  );

  useEffect(() => {
    if (error || !preview) {
      setResult(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      previewExpression(source, preview)
        .then((v) => live && setResult({ ok: true, text: v === undefined ? '(no value)' : formatJson(v) }))
        .catch((e: unknown) => live && setResult({ ok: false, text: (e as Error).message ?? String(e) }));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [source, error, preview]);

  return (
    <div className="expr">
      <div className="expr-box">
        <span className="expr-eq" aria-hidden="true">
          =
        </span>
        <textarea
          ref={boxRef}
          onFocus={(e) => markCursorUsed(e.currentTarget)}
          className="mono expr-input"
          rows={Math.min(6, Math.max(1, source.split('\n').length))}
          value={source}
          spellCheck={false}
          onChange={(e) => props.onChange(`=${e.target.value}`)}
          data-testid={`${props.testId}-expr`}
          aria-invalid={!!error}
        />
      </div>
      {error && source.trim() !== '' && (
        <div className="expr-error" role="alert" data-testid={`${props.testId}-expr-error`}>
          {error.position !== undefined && (
            <pre className="mono expr-caret">
              {source}
              {'\n'}
              {' '.repeat(Math.max(0, Math.min(error.position - 1, source.length)))}^
            </pre>
          )}
          {error.position !== undefined ? `At ${error.position}: ` : ''}
          {error.message}
        </div>
      )}
      {result && (
        <div className={`expr-preview${result.ok ? '' : ' bad'}`} data-testid={`${props.testId}-preview`}>
          <span className="muted small">Last run: </span>
          <code>{result.text.length > 400 ? `${result.text.slice(0, 400)}…` : result.text}</code>
        </div>
      )}
    </div>
  );
}
