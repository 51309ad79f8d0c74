/** API errors: one closed set of codes, ONE table from code to HTTP status, and the Express error handler. */
import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import { QueueFullError } from '../queue/run-queue';
import { FlowNotFoundError, InvalidCursorError } from '../store/errors';
import { VersionConflictError } from '../store/types';

/** The single code → status table (tRPC style). Every error the API sends goes through it. */
export const ERROR_STATUS = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  /** The stored flow has validation problems (a draft): it cannot be enabled, run, or saved invalid while enabled. */
  FLOW_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PRECONDITION_REQUIRED: 428,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path: string;
  message: string;
  nodeId?: string;
  code?: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra top-level fields in the error object (e.g. `currentVersion`). */
    readonly extra: Record<string, unknown> = {},
    /** Extra response headers (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** `nodes[2].config.url` from a zod path. */
export function formatPath(segments: readonly PropertyKey[], base = ''): string {
  let out = base;
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** Maps a zod error to details with paths (under `base`, e.g. `body` or `query`). */
export function zodDetails(error: z.ZodError, base = ''): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    // An unknown field (strict objects) is named by its own path: `auth.tokne`, not `auth`.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key], base),
        message: 'Unknown field: check its spelling (this object takes no such field).',
      }));
    }
    const path = formatPath(issue.path, base);
    return [{ path, message: issue.message }];
  });
}

export function validationError(error: z.ZodError, what: string, base = ''): ApiError {
  const details = zodDetails(error, base);
  const first = details[0];
  const lead = first ? ` ${first.path || what}: ${first.message}` : '';
  return new ApiError('VALIDATION', `The ${what} is not valid.${lead}`, details);
}

/** The one error body every answer uses: `{ error: { code, message, details, ...extra } }`. */
export function errorBody(err: ApiError): { error: Record<string, unknown> } {
  return { error: { code: err.code, message: err.message, details: err.details, ...err.extra } };
}

export function sendError(res: Response, err: ApiError): void {
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.status(err.status).json(errorBody(err));
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Turns anything thrown into an ApiError (unknown errors become INTERNAL without leaking their message). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof VersionConflictError) {
    return new ApiError('VERSION_CONFLICT', err.message, [{ path: 'If-Match', message: err.message }], {
      currentVersion: err.currentVersion,
    });
  }
  if (err instanceof QueueFullError) {
    return new ApiError(
      'RATE_LIMITED',
      err.message,
      [],
      {},
      { 'Retry-After': String(err.retryAfterSeconds) },
    );
  }
  if (err instanceof FlowNotFoundError) return new ApiError('NOT_FOUND', err.message);
  if (err instanceof InvalidCursorError) {
    return new ApiError('VALIDATION', err.message, [{ path: 'query.cursor', message: err.message }]);
  }
  const e = (typeof err === 'object' && err !== null ? err : {}) as BodyParserError;
  if (e.type === 'entity.parse.failed') {
    return new ApiError('MALFORMED_JSON', 'The request body is not valid JSON: check quotes and commas.');
  }
  if (e.type === 'entity.too.large') {
    return new ApiError(
      'PAYLOAD_TOO_LARGE',
      `The request body is larger than the limit of ${e.limit} bytes.`,
    );
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported: send UTF-8.');
  }
  return new ApiError('INTERNAL', 'Internal error: see the runtime log for details.');
}

/** The last middleware: logs unexpected errors and answers in the one error format. */
export function errorHandler(log: { error(obj: object, msg?: string): void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const apiError = toApiError(err);
    if (apiError.code === 'INTERNAL') log.error({ err, method: req.method, url: req.path }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(res, apiError);
  };
}
