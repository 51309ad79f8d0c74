/** In-process bus for run and step events: the executor publishes, SSE clients and metrics subscribe. Synchronous, so order is kept. */
import type { RunEvent, RunStatus } from '@idflow/engine';

export type QueuedEvent = {
  type: 'run.queued';
  runId: string;
  flowId: string;
  at: string;
  parentRunId?: string;
};
export type BusEvent = (RunEvent | QueuedEvent) & { seq?: number };
export type BusListener = (event: BusEvent & { seq: number }) => void;

export interface EventBus {
  publish(event: BusEvent): void;
  /** Whether anyone listens (SSE clients, the Redis bridge, waitForFinish): publishers skip building events otherwise. */
  hasListeners(): boolean;
  subscribe(listener: BusListener): () => void;
  /** Resolves when the run reaches a final status (or undefined after `timeoutMs`). */
  waitForFinish(runId: string, timeoutMs: number): Promise<RunStatus | undefined>;
}

export function createEventBus(onListenerError: (err: unknown) => void = () => undefined): EventBus {
  const listeners = new Set<BusListener>();
  let seq = 0;
  const bus: EventBus = {
    publish(event) {
      if (listeners.size === 0) return;
      const numbered = { ...event, seq: ++seq };
      for (const l of [...listeners]) {
        try {
          l(numbered);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    hasListeners: () => listeners.size > 0,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitForFinish(runId, timeoutMs) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          off();
          resolve(undefined);
        }, timeoutMs);
        const off = bus.subscribe((e) => {
          if (e.type === 'run.finished' && e.runId === runId) {
            clearTimeout(timer);
            off();
            resolve(e.status);
          }
        });
      });
    },
  };
  return bus;
}
