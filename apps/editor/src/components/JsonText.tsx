/** JSON shown as text (never as HTML), pretty-printed, with a label and an empty state. */
export function formatJson(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

export function JsonText(props: { label?: string; value: unknown; testId?: string }) {
  const text = formatJson(props.value);
  return (
    <div className="json-block">
      {props.label && <div className="json-label">{props.label}</div>}
      {text ? (
        <pre className="json" data-testid={props.testId}>
          {text}
        </pre>
      ) : (
        <div className="muted small">—</div>
      )}
    </div>
  );
}
