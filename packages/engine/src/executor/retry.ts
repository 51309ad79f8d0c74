/** Retry decisions and backoff delays for a node's retry policy. */
import { NodeError } from '../errors';
import type { RetryPolicy } from '../model/flow-schema';

/** Failures a retry never repeats: the run itself was stopped, or the flow is wrong. */
const NEVER = new Set([
  'CANCELLED',
  'RUN_TIMEOUT',
  'CONFIG_INVALID',
  'EXPRESSION_ERROR',
  'EXPRESSION_TIMEOUT',
]);

/** Whether the policy retries this error (after an attempt that is not the last). */
export function shouldRetry(err: NodeError, policy: RetryPolicy): boolean {
  if (NEVER.has(err.code) || err.retryable === false) return false;
  const on = policy.retryOn;
  if (on.includes('any')) return true;
  if (err.status === 429) return on.includes('429');
  if (err.status !== undefined && err.status >= 500 && err.status <= 599) return on.includes('5xx');
  if (err.code === 'NETWORK') return on.includes('network');
  if (err.code === 'NODE_TIMEOUT') return on.includes('timeout');
  return err.retryable === true;
}

/**
 * Delay before the next attempt: exponential backoff capped at maxDelayMs, "equal jitter" (half fixed, half
 * random) when enabled, and never shorter than the upstream's Retry-After. Callers check `retryAfterTooLong`
 * first: a Retry-After beyond maxDelayMs is not waited for.
 */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  err: NodeError,
  random: () => number,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempt - 1));
  const base = policy.jitter ? exp / 2 + random() * (exp / 2) : exp;
  return Math.round(Math.max(base, err.retryAfterMs ?? 0));
}

/**
 * When the upstream's Retry-After is longer than the policy's maxDelayMs, the step is not retried: this returns
 * the error to fail it with now (same code, status and retryAfterMs, not retryable, and `details` saying why).
 * Otherwise null.
 */
export function retryAfterTooLong(err: NodeError, policy: RetryPolicy): NodeError | null {
  const retryAfterMs = err.retryAfterMs;
  if (retryAfterMs === undefined || retryAfterMs <= policy.maxDelayMs) return null;
  const previous = err.details;
  const base =
    previous === undefined
      ? {}
      : typeof previous === 'object' && previous !== null && !Array.isArray(previous)
        ? (previous as Record<string, unknown>)
        : { upstream: previous };
  const seconds = Math.ceil(retryAfterMs / 1000);
  return new NodeError(
    err.code,
    `${err.message} (not retried: the upstream asked to wait ${seconds} s, longer than the retry policy's maxDelayMs of ${policy.maxDelayMs} ms)`,
    {
      status: err.status,
      retryAfterMs,
      retryable: false,
      cause: err,
      details: {
        ...base,
        code: err.code,
        status: err.status,
        retryAfterMs,
        maxDelayMs: policy.maxDelayMs,
        retry: 'refused: Retry-After exceeds maxDelayMs',
      },
    },
  );
}

/** Normalises anything a node threw into a NodeError; an abort reason that is a NodeError wins. */
export function toNodeError(err: unknown, signal: AbortSignal): NodeError {
  if (signal.aborted && signal.reason instanceof NodeError) return signal.reason;
  if (err instanceof NodeError) return err;
  if (err instanceof TypeError && /fetch failed|network|ECONN|socket/i.test(String(err.message))) {
    return new NodeError('NETWORK', `Network error: ${err.message}`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new NodeError('NODE_FAILED', message || 'The node failed.', { cause: err });
}
