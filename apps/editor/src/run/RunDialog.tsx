/** Run dialog: a JSON input (manual payload or webhook test body); for webhook flows the URL and a curl command. */
import { useEffect, useState } from 'react';
import { describeError } from '../api/client';
import { getWebhookInfo } from '../api/flows';
import type { WebhookInfo } from '../api/schemas';
import { Modal } from '../components/Modal';

export interface RunRequest {
  input: unknown;
  dryRun: boolean;
  /** The text as typed, kept for the next run. */
  text: string;
}

function curlFor(info: WebhookInfo, body: string): string {
  if (info.curl) return info.curl;
  const url = info.url ?? `${window.location.origin}/hooks/${info.path ?? ''}`;
  const compact = (() => {
    try {
      return JSON.stringify(JSON.parse(body));
    } catch {
      return body;
    }
  })();
  const auth = info.token
    ? ` -H 'Authorization: Bearer ${info.token}'`
    : ` -H 'Authorization: Bearer <webhook token>'`;
  return `curl -X ${info.method ?? 'POST'} '${url}' -H 'Content-Type: application/json'${auth} -d '${compact.replace(/'/g, "'\\''")}'`;
}

export function RunDialog(props: {
  flowId: string;
  triggerKind: string | undefined;
  initialInput: string;
  onClose: () => void;
  onRun: (req: RunRequest) => void;
}) {
  const [text, setText] = useState(props.initialInput);
  const [error, setError] = useState<string | null>(null);
  const [hook, setHook] = useState<WebhookInfo | null>(null);
  const [hookError, setHookError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const isWebhook = props.triggerKind === 'webhook';

  useEffect(() => {
    if (!isWebhook) return;
    getWebhookInfo(props.flowId)
      .then(setHook)
      .catch((err: unknown) => setHookError(describeError(err)));
  }, [isWebhook, props.flowId]);

  const submit = (dryRun: boolean) => {
    let input: unknown;
    try {
      input = text.trim() === '' ? undefined : JSON.parse(text);
    } catch (err) {
      setError(`The input is not valid JSON: ${(err as Error).message}`);
      return;
    }
    // A webhook run sees the request as trigger.body / headers / query, so the test body is wrapped the same way.
    if (isWebhook)
      input = {
        body: input ?? {},
        headers: { 'content-type': 'application/json' },
        query: {},
        method: 'POST',
      };
    props.onRun({ input, dryRun, text });
  };

  const curl = hook ? curlFor(hook, text) : '';
  return (
    <Modal
      title="Run flow"
      onClose={props.onClose}
      wide
      testId="run-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" className="btn" onClick={() => submit(true)} data-testid="run-dry">
            Dry run
          </button>
          <button type="button" className="btn primary" onClick={() => submit(false)} data-testid="run-start">
            Run
          </button>
        </>
      }
    >
      <label className="field">
        <span>
          {isWebhook ? 'Test payload (the webhook body, seen as trigger.body)' : 'Input (seen as trigger)'}
        </span>
        <textarea
          className="mono"
          rows={10}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          data-testid="run-input"
        />
      </label>
      {error && <p className="error">{error}</p>}
      {isWebhook && (
        <div className="webhook-info" data-testid="webhook-info">
          <h3 className="section-title">Webhook</h3>
          {hookError && <p className="muted small">{hookError}</p>}
          {hook && (
            <>
              <div className="mono small" data-testid="webhook-url">
                {hook.url ?? `${window.location.origin}/hooks/${hook.path ?? ''}`}
              </div>
              <pre className="json" data-testid="webhook-curl">
                {curl}
              </pre>
              <button
                type="button"
                className="btn small"
                onClick={() => {
                  void navigator.clipboard?.writeText(curl).then(() => setCopied(true));
                }}
              >
                {copied ? 'Copied' : 'Copy curl'}
              </button>
            </>
          )}
        </div>
      )}
    </Modal>
  );
}
