/** Connection test: SCIM via ScimClient (ServiceProviderConfig, then a one-user list); HTTP via a GET of `options.testPath`. */
import { ScimClient } from '@idflow/scim';
import type { RuntimeContext } from '../context';
import { createGuardedFetch } from '../guarded-fetch';
import { resolveConnection } from '../secrets/connection-secrets';
import type { StoredConnection } from '../store/types';

export interface TestResult {
  ok: boolean;
  status?: number;
  message: string;
  details?: unknown;
}

const TIMEOUT_MS = 10_000;

function authHeaders(conn: ReturnType<typeof resolveConnection>): Record<string, string> {
  const a = conn.auth;
  if (a.type === 'bearer') return { authorization: `Bearer ${a.token}` };
  if (a.type === 'basic')
    return { authorization: `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}` };
  if (a.type === 'apiKey') return { [a.header]: a.value };
  return {};
}

export async function testConnection(c: RuntimeContext, stored: StoredConnection): Promise<TestResult> {
  let conn: ReturnType<typeof resolveConnection>;
  try {
    conn = resolveConnection(stored, c.cipher, c.env);
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  // Guarded like runs, but not counted as flow traffic (SCIM calls are counted through onCall).
  const guarded = createGuardedFetch({
    allowHosts: c.config.httpAllowHosts,
    denyPrivate: c.config.httpDenyPrivate ?? false,
  });
  if (conn.kind === 'scim') {
    const client = new ScimClient({
      baseUrl: conn.baseUrl,
      auth:
        conn.auth.type === 'apiKey'
          ? { type: 'header', name: conn.auth.header, value: conn.auth.value }
          : conn.auth.type === 'oauth2'
            ? { ...conn.auth }
            : conn.auth,
      fetch: guarded,
      // The connection's own search form, so the test says whether POST /.search works before a flow needs it.
      search: conn.options.search === 'post' ? 'post' : 'get',
      timeoutMs: TIMEOUT_MS,
      retry: { attempts: 1 },
      onCall: (info) => c.metrics.scimCalls.inc({ operation: info.operation, status: String(info.status) }),
    });
    try {
      const spc = await client.serviceProviderConfig();
      const list = await client.users.list({ count: 1 });
      return {
        ok: true,
        status: 200,
        message: `SCIM service answered: ${list.totalResults} user(s); PATCH ${spc.patch?.supported ? 'supported' : 'not advertised'}.`,
        details: {
          patch: spc.patch?.supported ?? null,
          bulk: spc.bulk?.supported ?? null,
          etag: spc.etag?.supported ?? null,
        },
      };
    } catch (err) {
      const e = err as { status?: number; message?: string; code?: string };
      return { ok: false, status: e.status, message: e.message ?? String(err), details: { code: e.code } };
    }
  }
  const testPath = typeof conn.options.testPath === 'string' ? conn.options.testPath : '';
  const url = `${conn.baseUrl}${testPath ? `/${testPath.replace(/^\/+/, '')}` : ''}`;
  try {
    const res = await guarded(url, {
      method: 'GET',
      headers: authHeaders(conn),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    return {
      ok: res.ok,
      status: res.status,
      message: res.ok
        ? `GET ${url} answered ${res.status}.`
        : `GET ${url} answered ${res.status}: check the URL and credentials.`,
    };
  } catch (err) {
    return { ok: false, message: `GET ${url} failed: ${(err as Error).message}` };
  }
}
