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

export class HttpClient {
  private readonly base: URL;

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

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = this.resolve(req.path);
    if (!url) {
      throw new ScimClientError(
        'SCIM_INVALID_ARGUMENT',
        `refusing to send credentials to another origin: ${req.path}`,
      );
    }
    const query = Object.entries(req.query ?? {}).filter(([, v]) => v !== undefined && v !== '');
    const search = query
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const href = search ? `${url.href}${url.search ? '&' : '?'}${search}` : url.href;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);

    const { attempts, maxDelayMs } = this.options;
    let attempt = 0;
    let refreshed = false;
    for (;;) {
      attempt++;
      if (req.signal?.aborted) throw new ScimNetworkError('SCIM_ABORTED', 'request aborted');
      const headers: Record<string, string> = {
        accept: ACCEPT,
        ...(await this.options.auth.headers(req.signal)),
      };
      if (body !== undefined) headers['content-type'] = SCIM_MEDIA_TYPE;
      if (req.ifMatch) headers['if-match'] = req.ifMatch;

      let result: { response: Response; text: string };
      try {
        result = await this.once(href, req, url.pathname, headers, body);
      } catch (error) {
        const retryable =
          error instanceof ScimNetworkError && error.code !== 'SCIM_ABORTED' && req.method === 'GET';
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

  private async once(
    href: string,
    req: HttpRequest,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<{ response: Response; text: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMEOUT), this.options.timeoutMs);
    const onAbort = () => controller.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const started = performance.now();
    const report = (status: number | 'error') =>
      this.options.onCall?.({
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
        signal: controller.signal,
      });
      const text = await response.text();
      report(response.status);
      return { response, text };
    } catch (cause) {
      report('error');
      if (req.signal?.aborted) {
        throw new ScimNetworkError('SCIM_ABORTED', `${req.operation} aborted`, cause);
      }
      if (controller.signal.reason === TIMEOUT) {
        throw new ScimNetworkError(
          'SCIM_TIMEOUT',
          `${req.operation} timed out after ${this.options.timeoutMs} ms`,
          cause,
        );
      }
      throw new ScimNetworkError('SCIM_NETWORK_ERROR', `${req.operation} failed: ${describe(cause)}`, cause);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
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
