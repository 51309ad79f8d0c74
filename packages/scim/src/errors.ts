// Error classes thrown by the SCIM client; every one carries a stable `code` string.

/** Codes used by the client. Flow nodes may switch on these. */
export type ScimErrorCode =
  | 'SCIM_ERROR'
  | 'SCIM_CONFLICT'
  | 'SCIM_HTTP_ERROR'
  | 'SCIM_INVALID_RESPONSE'
  | 'SCIM_NETWORK_ERROR'
  | 'SCIM_TIMEOUT'
  | 'SCIM_ABORTED'
  | 'SCIM_AUTH_ERROR'
  | 'SCIM_INVALID_ARGUMENT'
  | 'SCIM_PAGINATION_STUCK'
  | 'SCIM_UNSUPPORTED';

/** Base class of everything this package throws on purpose. */
export class ScimClientError extends Error {
  readonly code: ScimErrorCode;
  constructor(code: ScimErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScimClientError';
    this.code = code;
  }
}

/** The service provider answered with a SCIM Error body (RFC 7644 §3.12). */
export class ScimError extends ScimClientError {
  readonly status: number;
  readonly scimType: string | undefined;
  readonly detail: string | undefined;
  /** Milliseconds the server asked us to wait (Retry-After), when it said so and we gave up. */
  retryAfterMs: number | undefined;
  constructor(status: number, scimType?: string, detail?: string, code: ScimErrorCode = 'SCIM_ERROR') {
    const parts = [`SCIM ${status}`];
    if (scimType) parts.push(scimType);
    if (detail) parts.push(detail);
    super(code, parts.join(': '));
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.detail = detail;
    this.retryAfterMs = undefined;
  }
}

/** 412 Precondition Failed: the resource changed since the ETag we sent. Re-read and re-apply. */
export class ScimConflictError extends ScimError {
  constructor(scimType?: string, detail?: string) {
    super(
      412,
      scimType,
      detail ?? 'the resource was changed by someone else (ETag mismatch)',
      'SCIM_CONFLICT',
    );
    this.name = 'ScimConflictError';
  }
}

/** The server answered with an error status (or an unreadable success) whose body is not SCIM. */
export class ScimHttpError extends ScimClientError {
  readonly status: number;
  /** At most 500 characters of the response body. */
  readonly body: string;
  retryAfterMs: number | undefined;
  constructor(status: number, body: string, code: ScimErrorCode = 'SCIM_HTTP_ERROR', message?: string) {
    const excerpt = body.length > 500 ? body.slice(0, 500) : body;
    super(code, message ?? `HTTP ${status} with a non-SCIM body: ${excerpt.slice(0, 120)}`);
    this.name = 'ScimHttpError';
    this.status = status;
    this.body = excerpt;
    this.retryAfterMs = undefined;
  }
}

/** No HTTP answer: connection failure (SCIM_NETWORK_ERROR), timeout (SCIM_TIMEOUT) or abort (SCIM_ABORTED). */
export class ScimNetworkError extends ScimClientError {
  constructor(
    code: 'SCIM_NETWORK_ERROR' | 'SCIM_TIMEOUT' | 'SCIM_ABORTED',
    message: string,
    cause?: unknown,
  ) {
    super(code, message, { cause });
    this.name = 'ScimNetworkError';
  }
}
