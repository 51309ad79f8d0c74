// Authentication headers for every auth type, including the cached OAuth2 client-credentials token.

import { ScimClientError, ScimHttpError, ScimNetworkError } from './errors';
import type { CallInfo, ScimAuth } from './types';

export interface AuthDeps {
  fetch: typeof fetch;
  timeoutMs: number;
  onCall?: (info: CallInfo) => void;
  now?: () => number;
}

/**
 * Supplies the headers for a request and, for OAuth2, a fresh token after a 401. Headers that are at hand (static
 * credentials, a cached token) come back as a plain object, so a request does not wait a turn for them.
 */
export interface AuthProvider {
  headers(signal?: AbortSignal): Record<string, string> | Promise<Record<string, string>>;
  /** Forget any cached credential. Returns true when a retry with new headers makes sense. */
  invalidate(): boolean;
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

export function createAuth(auth: ScimAuth, deps: AuthDeps): AuthProvider {
  switch (auth.type) {
    case 'bearer':
      return staticAuth({ authorization: `Bearer ${auth.token}` });
    case 'basic':
      return staticAuth({ authorization: basic(auth.username, auth.password) });
    case 'header':
      return staticAuth({ [auth.name]: auth.value });
    case 'none':
      return staticAuth({});
    case 'oauth2':
      return new OAuth2ClientCredentials(auth, deps);
    default:
      throw new ScimClientError('SCIM_INVALID_ARGUMENT', 'unknown auth type');
  }
}

function staticAuth(headers: Record<string, string>): AuthProvider {
  return { headers: () => ({ ...headers }), invalidate: () => false };
}

interface CachedToken {
  token: string;
  tokenType: string;
  expiresAt: number;
}

function authorization(token: CachedToken): Record<string, string> {
  const type = token.tokenType.toLowerCase() === 'bearer' ? 'Bearer' : token.tokenType;
  return { authorization: `${type} ${token.token}` };
}

/** Tokens are refreshed this long before they expire (or at half life for short-lived tokens). */
const EXPIRY_MARGIN_MS = 60_000;

class OAuth2ClientCredentials implements AuthProvider {
  private cached: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly auth: Extract<ScimAuth, { type: 'oauth2' }>,
    private readonly deps: AuthDeps,
  ) {
    this.now = deps.now ?? Date.now;
  }

  headers(signal?: AbortSignal): Record<string, string> | Promise<Record<string, string>> {
    const cached = this.cached;
    if (cached && cached.expiresAt > this.now()) return authorization(cached);
    return this.token(signal).then(authorization);
  }

  invalidate(): boolean {
    this.cached = undefined;
    return true;
  }

  private async token(signal?: AbortSignal): Promise<CachedToken> {
    if (this.cached && this.cached.expiresAt > this.now()) return this.cached;
    // Concurrent requests share one token request.
    this.pending ??= this.fetchToken(signal).finally(() => {
      this.pending = undefined;
    });
    const token = await this.pending;
    this.cached = token;
    return token;
  }

  private async fetchToken(signal?: AbortSignal): Promise<CachedToken> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (this.auth.clientAuth === 'basic') {
      headers.authorization = basic(
        encodeURIComponent(this.auth.clientId),
        encodeURIComponent(this.auth.clientSecret),
      );
    } else {
      form.set('client_id', this.auth.clientId);
      form.set('client_secret', this.auth.clientSecret);
    }
    if (this.auth.scope) form.set('scope', this.auth.scope);

    const controller = new AbortController();
    const { timeoutMs } = this.deps;
    const timed = timeoutMs > 0 && timeoutMs !== Number.POSITIVE_INFINITY;
    const timer = timed ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const started = performance.now();
    const path = safePath(this.auth.tokenUrl);
    let response: Response;
    try {
      response = await this.deps.fetch(this.auth.tokenUrl, {
        method: 'POST',
        headers,
        body: form.toString(),
        signal: controller.signal,
      });
    } catch (cause) {
      this.report(path, 'error', started);
      if (signal?.aborted) throw new ScimNetworkError('SCIM_ABORTED', 'token request aborted', cause);
      if (controller.signal.aborted)
        throw new ScimNetworkError('SCIM_TIMEOUT', 'token request timed out', cause);
      throw new ScimNetworkError('SCIM_NETWORK_ERROR', `token request failed: ${String(cause)}`, cause);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    const text = await response.text();
    this.report(path, response.status, started);
    if (!response.ok) {
      throw new ScimHttpError(
        response.status,
        text,
        'SCIM_AUTH_ERROR',
        `token endpoint answered ${response.status}`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ScimHttpError(response.status, text, 'SCIM_AUTH_ERROR', 'token endpoint answered non-JSON');
    }
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const token = record.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new ScimClientError('SCIM_AUTH_ERROR', 'token endpoint answered without access_token');
    }
    const expiresIn = Number(record.expires_in);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3_600_000;
    const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2);
    const tokenType = typeof record.token_type === 'string' ? record.token_type : 'Bearer';
    return { token, tokenType, expiresAt: this.now() + lifetimeMs - margin };
  }

  private report(path: string, status: number | 'error', started: number): void {
    this.deps.onCall?.({
      method: 'POST',
      operation: 'auth.token',
      path,
      status,
      durationMs: performance.now() - started,
    });
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
