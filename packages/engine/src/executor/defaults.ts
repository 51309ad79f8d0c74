/** Default clock, ids, logger and connection resolver for runs that do not inject their own. */
import { NodeError } from '../errors';
import type { Clock, ConnectionResolver, Logger } from '../node-type';

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new NodeError('CANCELLED', 'Cancelled.');
}

/** Wall clock; `sleep` rejects with the signal's reason when aborted. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

export const randomIds = (): string => globalThis.crypto.randomUUID();

const noop = () => {};
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

export const noConnections: ConnectionResolver = {
  async get(name) {
    throw new NodeError(
      'CONNECTION_NOT_FOUND',
      `No connection named "${name}": create it in the runtime first.`,
    );
  },
};

let lastMs = Number.NaN;
let lastIso = '';
/** ISO time; steps finishing in the same millisecond share one string (cheap on the hot path). */
export function iso(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
