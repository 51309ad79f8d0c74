/** Live run events over SSE. EventSource cannot send headers, so the token goes in the query (this route only). */
import type { RunEvent } from '@idflow/engine';
import { getToken } from './session';

const EVENT_TYPES = ['run.queued', 'run.started', 'step.started', 'step.finished', 'run.finished'] as const;

/** Subscribes to a flow's run events; returns an unsubscribe function. */
export function subscribeFlowEvents(flowId: string, onEvent: (event: RunEvent) => void): () => void {
  const token = getToken() ?? '';
  const url = `/api/v1/events?flowId=${encodeURIComponent(flowId)}&token=${encodeURIComponent(token)}`;
  const source = new EventSource(url);
  const handler = (msg: MessageEvent<string>) => {
    try {
      const data: unknown = JSON.parse(msg.data);
      if (isRunEvent(data)) onEvent(data);
    } catch {
      // ignore malformed frames
    }
  };
  for (const t of EVENT_TYPES) source.addEventListener(t, handler as EventListener);
  source.onmessage = handler;
  return () => source.close();
}

function isRunEvent(x: unknown): x is RunEvent {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.type === 'string' && typeof o.runId === 'string';
}
