// One SCIM HTTP request: headers, timeout and abort, retries (429/503, Retry-After), 401 token refresh, errors.

import type { AuthProvider } from './auth';
import { SCIM_MEDIA_TYPE } from './constants';
import { ScimClientError, ScimError, ScimHttpError, ScimNetworkError } from './errors';
import { errorFromResponse, parseBody, parseRetryAfter } from './response';
import type { CallInfo } from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Path below the base URL (`/Users/1`), or an absolute URL on the same origin. */
  path: string;
  operation: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  ifMatch?: string;
  /** Retry connection failures and timeouts as for GET (a POST that only reads, such as `.search`). */
  retrySafe?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

export interface HttpOptions {
  baseUrl: string;
  auth: AuthProvider;
  fetch: typeof fetch;
  timeoutMs: number;
  attempts: number;
  maxDelayMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onCall?: (info: CallInfo) => void;
  random?: () => number;
}

const BASE_DELAY_MS = 500;
const ACCEPT = `${SCIM_MEDIA_TYPE}, application/json;q=0.9, text/json;q=0.8`;
const TIMEOUT = Symbol('timeout');

/** Sleeps `ms`, rejecting early with SCIM_ABORTED if the signal fires. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted)
      return reject(new ScimNetworkError('SCIM_ABORTED', 'aborted while waiting to retry'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ScimNetworkError('SCIM_ABORTED', 'aborted while waiting to retry'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface Target {
  href: string;
  pathname: string;
  hasSearch: boolean;
}

const TARGET_CACHE_LIMIT = 256;

function queryString(query: Record<string, string | number | undefined>): string {
  let search = '';
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === '') continue;
    search += `${search ? '&' : ''}${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`;
  }
  return search;
}

export class HttpClient {
  private readonly base: URL;
  private readonly targets = new Map<string, Target>();

  constructor(private readonly options: HttpOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
  }

  /** Resolves a relative path or a same-origin absolute URL; returns undefined for another origin. */
  resolve(path: string): URL | undefined {
    if (/^https?:\/\//i.test(path)) {
      const url = new URL(path);
      return url.origin === this.base.origin ? url : undefined;
    }
    const base = this.base.href.replace(/\/+$/, '');
    return new URL(`${base}/${path.replace(/^\/+/, '')}`);
  }

  /** The resolved URL of a request path, cached per path (most requests go to a handful of endpoints). */
  private target(path: string): Target | undefined {
    let target = this.targets.get(path);
    if (target) return target;
    const url = this.resolve(path);
    if (!url) return undefined;
    target = { href: url.href, pathname: url.pathname, hasSearch: url.search !== '' };
    if (this.targets.size >= TARGET_CACHE_LIMIT) this.targets.clear();
    this.targets.set(path, target);
    return target;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const target = this.target(req.path);
    if (!target) {
      throw new ScimClientError(
        'SCIM_INVALID_ARGUMENT',
        `refusing to send credentials to another origin: ${req.path}`,
      );
    }
    const search = req.query === undefined ? '' : queryString(req.query);
    const href = search ? `${target.href}${target.hasSearch ? '&' : '?'}${search}` : target.href;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);

    const { attempts, maxDelayMs } = this.options;
    let attempt = 0;
    let refreshed = false;
    for (;;) {
      attempt++;
      if (req.signal?.aborted) throw new ScimNetworkError('SCIM_ABORTED', 'request aborted');
      const auth = this.options.auth.headers(req.signal);
      const headers: Record<string, string> = {
        accept: ACCEPT,
        ...(auth instanceof Promise ? await auth : auth),
      };
      if (body !== undefined) headers['content-type'] = SCIM_MEDIA_TYPE;
      if (req.ifMatch) headers['if-match'] = req.ifMatch;

      let result: { response: Response; text: string };
      try {
        result = await this.once(href, req, target.pathname, headers, body);
      } catch (error) {
        const retryable =
          error instanceof ScimNetworkError &&
          error.code !== 'SCIM_ABORTED' &&
          (req.method === 'GET' || req.retrySafe === true);
        if (retryable && attempt < attempts) {
          await this.options.sleep(this.backoff(attempt), req.signal);
          continue;
        }
        throw error;
      }
      const { response, text } = result;
      const { status } = response;
      if (status === 401 && !refreshed && this.options.auth.invalidate()) {
        refreshed = true;
        attempt--;
        continue;
      }
      const parsed = parseBody(text, response.headers.get('content-type'));
      if (status >= 400) {
        const error = errorFromResponse(status, text, parsed.json);
        if (status === 429 || status === 503) {
          const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
          const delay = retryAfter ?? this.backoff(attempt);
          if (attempt < attempts && delay <= maxDelayMs) {
            await this.options.sleep(delay, req.signal);
            continue;
          }
          setRetryAfter(error, retryAfter);
        }
        throw error;
      }
      if (!parsed.isJson) {
        throw new ScimHttpError(
          status,
          text,
          'SCIM_INVALID_RESPONSE',
          `HTTP ${status} with a body that is not JSON`,
        );
      }
      return { status, headers: response.headers, body: parsed.json };
    }
  }

  /**
   * One fetch. With a per-request timeout it gets its own AbortController (fired by one timer, and by the caller's
   * signal through one listener); without one (timeoutMs 0 or Infinity) the caller's signal goes straight through.
   */
  private async once(
    href: string,
    req: HttpRequest,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<{ response: Response; text: string }> {
    const { timeoutMs, onCall } = this.options;
    const caller = req.signal;
    let controller: AbortController | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    if (timeoutMs > 0 && timeoutMs !== Number.POSITIVE_INFINITY) {
      const own = new AbortController();
      controller = own;
      timer = setTimeout(() => own.abort(TIMEOUT), timeoutMs);
      if (caller) {
        onAbort = () => own.abort();
        caller.addEventListener('abort', onAbort, { once: true });
      }
    }
    const started = onCall ? performance.now() : 0;
    const report = (status: number | 'error') =>
      onCall?.({
        method: req.method,
        operation: req.operation,
        path,
        status,
        durationMs: performance.now() - started,
      });
    try {
      const response = await this.options.fetch(href, {
        method: req.method,
        headers,
        body,
        signal: controller ? controller.signal : caller,
      });
      const text = await response.text();
      if (onCall) report(response.status);
      return { response, text };
    } catch (cause) {
      if (onCall) report('error');
      if (caller?.aborted) {
        throw new ScimNetworkError('SCIM_ABORTED', `${req.operation} aborted`, cause);
      }
      if (controller?.signal.reason === TIMEOUT) {
        throw new ScimNetworkError('SCIM_TIMEOUT', `${req.operation} timed out after ${timeoutMs} ms`, cause);
      }
      throw new ScimNetworkError('SCIM_NETWORK_ERROR', `${req.operation} failed: ${describe(cause)}`, cause);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (onAbort) caller?.removeEventListener('abort', onAbort);
    }
  }

  /** Exponential backoff with jitter: half fixed, half random, capped by maxDelayMs. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, BASE_DELAY_MS * 2 ** (attempt - 1));
    const random = this.options.random ?? Math.random;
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }
}

function setRetryAfter(error: ScimClientError, ms: number | undefined): void {
  if (error instanceof ScimError || error instanceof ScimHttpError) error.retryAfterMs = ms;
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
