/** Maps SCIM client errors to the engine's closed NodeError codes. */
import { NodeError } from '@idflow/engine';
import { ScimClientError, ScimConflictError, ScimError, ScimHttpError, ScimNetworkError } from '@idflow/scim';

/** Translates anything a SCIM call threw; NodeErrors and unknown errors pass through. */
export function toNodeError(error: unknown, signal: AbortSignal): unknown {
  if (error instanceof NodeError) return error;
  if (signal.aborted) return signal.reason ?? new NodeError('CANCELLED', 'The run was cancelled.');
  if (error instanceof ScimError) {
    const details = { status: error.status, scimType: error.scimType, detail: error.detail };
    if (error.code === 'SCIM_UNSUPPORTED') {
      // A configuration problem (e.g. `search: 'post'` on a service without `.search`): retrying cannot help.
      return new NodeError('SCIM_ERROR', error.message, {
        status: error.status,
        retryable: false,
        details: { ...details, clientCode: error.code },
        cause: error,
      });
    }
    if (error instanceof ScimConflictError || error.status === 409 || error.status === 412) {
      return new NodeError('SCIM_CONFLICT', `SCIM conflict: ${error.message}`, {
        status: error.status,
        details,
        cause: error,
      });
    }
    if (error.status === 429 || error.status >= 500) {
      return new NodeError('HTTP_STATUS', `The SCIM service answered ${error.status}: ${error.message}`, {
        status: error.status,
        retryAfterMs: error.retryAfterMs,
        details,
        cause: error,
      });
    }
    return new NodeError('SCIM_ERROR', error.message, { status: error.status, details, cause: error });
  }
  if (error instanceof ScimHttpError && error.status < 400) {
    // A success status with a body that is not JSON (an HTML login page, a truncated answer): a protocol error.
    return new NodeError('SCIM_ERROR', `The SCIM service answered ${error.message}.`, {
      status: error.status,
      retryable: false,
      details: { status: error.status, clientCode: error.code, bodyExcerpt: error.body },
      cause: error,
    });
  }
  if (error instanceof ScimHttpError) {
    const hint = error.code === 'SCIM_AUTH_ERROR' ? ' Check the connection credentials.' : '';
    return new NodeError('HTTP_STATUS', `${error.message}.${hint}`, {
      status: error.status,
      retryAfterMs: error.retryAfterMs,
      details: { status: error.status, bodyExcerpt: error.body },
      cause: error,
    });
  }
  if (error instanceof ScimNetworkError) {
    if (error.code === 'SCIM_TIMEOUT') {
      return new NodeError('NODE_TIMEOUT', error.message, { retryable: true, cause: error });
    }
    if (error.code === 'SCIM_ABORTED') return new NodeError('CANCELLED', error.message, { cause: error });
    return new NodeError('NETWORK', error.message, { retryable: true, cause: error });
  }
  if (error instanceof ScimClientError) {
    return new NodeError('SCIM_ERROR', error.message, {
      retryable: false,
      details: { clientCode: error.code },
      cause: error,
    });
  }
  return error;
}

/** Runs a SCIM node body and rethrows failures as NodeErrors (each call in it passes `ctx.signal`). */
export async function scimCall<T>(ctx: { signal: AbortSignal }, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toNodeError(error, ctx.signal);
  }
}
