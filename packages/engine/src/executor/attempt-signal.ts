/** Per-attempt cancellation: the attempt's signal (run stop plus node timeout) and racing a call against it. */
import { NodeError } from '../errors';
import type { StepHost } from './step-host';
import type { CompiledNode } from './types';

/** Rejects when the signal aborts, so a node that ignores its signal cannot hold the run. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Signal for one attempt of a node with a timeout: a child of the run's that the timeout also aborts. Nodes
 * without one use the run's signal (undefined here), read only if the node asks for it.
 */
export function attemptSignal(
  host: StepHost,
  cnode: CompiledNode,
): { signal: AbortSignal; done: () => void } | undefined {
  const timeoutMs = cnode.node.timeoutMs;
  if (timeoutMs === undefined) return undefined;
  const nodeCtl = new AbortController();
  const timerCtl = new AbortController();
  const onRunAbort = () => nodeCtl.abort(host.signal.reason);
  if (host.signal.aborted) onRunAbort();
  else host.signal.addEventListener('abort', onRunAbort, { once: true });
  const message = `Node "${cnode.id}" timed out after ${timeoutMs} ms; raise its timeoutMs or check the service it calls.`;
  host.clock.sleep(timeoutMs, timerCtl.signal).then(
    () => nodeCtl.abort(new NodeError('NODE_TIMEOUT', message)),
    () => {},
  );
  return {
    signal: nodeCtl.signal,
    done: () => {
      timerCtl.abort();
      host.signal.removeEventListener('abort', onRunAbort);
    },
  };
}
