/** Closed error codes for runs and nodes, and the error class nodes throw. */

export const FLOW_ERROR_CODES = [
  'CONFIG_INVALID',
  'EXPRESSION_ERROR',
  'EXPRESSION_TIMEOUT',
  'NODE_TIMEOUT',
  'RUN_TIMEOUT',
  'CANCELLED',
  'HTTP_STATUS',
  'NETWORK',
  'SCIM_ERROR',
  'SCIM_CONFLICT',
  'NOT_FOUND',
  /** A name matched more than one resource (SCIM does not require unique displayNames); name it by id. */
  'AMBIGUOUS',
  'CONNECTION_NOT_FOUND',
  'SUBFLOW_FAILED',
  'FLOW_NOT_FOUND',
  'NODE_FAILED',
  'INTERRUPTED',
  'INTERNAL',
] as const;

export type FlowErrorCode = (typeof FLOW_ERROR_CODES)[number];

export interface NodeErrorOptions {
  details?: unknown;
  /** Whether a retry policy may retry it; derived from status/code when omitted. */
  retryable?: boolean;
  /** Upstream HTTP status, used for `429`/`5xx` retry rules. */
  status?: number;
  /** From a `Retry-After` header. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Thrown by node types; the executor records code, message and details on the step. */
export class NodeError extends Error {
  readonly code: FlowErrorCode;
  readonly details?: unknown;
  readonly retryable?: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(code: FlowErrorCode, message: string, options: NodeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NodeError';
    this.code = code;
    this.details = options.details;
    this.retryable = options.retryable;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Parses a Retry-After header (delta seconds or HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Thrown by compileFlow when a flow does not validate; `issues` lists every problem. */
export class FlowValidationError extends Error {
  readonly issues: readonly { path: string; message: string; code: string; nodeId?: string }[];

  constructor(issues: readonly { path: string; message: string; code: string; nodeId?: string }[]) {
    super(
      `The flow is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${issues
        .slice(0, 5)
        .map((i) => i.message)
        .join(' | ')}`,
    );
    this.name = 'FlowValidationError';
    this.issues = issues;
  }
}
