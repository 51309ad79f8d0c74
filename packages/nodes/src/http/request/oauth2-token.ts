/** OAuth2 client-credentials tokens for HTTP connections, cached per (connection name, revision). */
import { NodeError, parseRetryAfter, type ResolvedConnection } from '@idflow/engine';

type OAuth2Auth = Extract<ResolvedConnection['auth'], { type: 'oauth2' }>;

interface Cached {
  token: string;
  expiresAt: number;
}

const cache = new Map<string, Cached>();

/** Returns a bearer token, reusing a cached one until a minute before it expires. */
export async function oauth2Token(
  connection: ResolvedConnection & { auth: OAuth2Auth },
  fetchFn: typeof fetch,
  signal: AbortSignal,
  now: number,
): Promise<string> {
  const key = `${connection.name}\u0000${connection.revision}\u0000${connection.auth.tokenUrl}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.token;

  const { auth } = connection;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: auth.clientId,
    client_secret: auth.clientSecret,
  });
  if (auth.scope) form.set('scope', auth.scope);
  let response: Response;
  try {
    response = await fetchFn(auth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal,
    });
  } catch (cause) {
    if (signal.aborted) throw signal.reason;
    throw new NodeError('NETWORK', `OAuth2 token request to ${auth.tokenUrl} failed: ${String(cause)}`, {
      retryable: true,
      cause,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new NodeError(
      'HTTP_STATUS',
      `OAuth2 token endpoint answered ${response.status}; check the connection.`,
      {
        status: response.status,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
        details: { status: response.status, bodyExcerpt: text.slice(0, 500) },
      },
    );
  }
  let record: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') record = parsed as Record<string, unknown>;
  } catch {
    // handled below: no access_token
  }
  if (typeof record.access_token !== 'string' || record.access_token === '') {
    throw new NodeError('HTTP_STATUS', 'OAuth2 token endpoint answered without an access_token.', {
      status: response.status,
      retryable: false,
      details: { status: response.status, bodyExcerpt: text.slice(0, 500) },
    });
  }
  const expiresIn = Number(record.expires_in);
  const lifetime = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3_600_000;
  cache.set(key, { token: record.access_token, expiresAt: now + lifetime - Math.min(60_000, lifetime / 2) });
  return record.access_token;
}
