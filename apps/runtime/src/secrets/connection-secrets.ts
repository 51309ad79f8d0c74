/** Connection auth at rest: which fields are secret, sealing them (encrypt or `env:NAME`), the write-only view, opening them for a run. */
import type { ResolvedConnection } from '@idflow/engine';
import { ApiError } from '../http/errors';
import type { StoredConnection } from '../store/types';
import { ENC_PREFIX, ENV_PREFIX, type SecretCipher } from './cipher';

export const SECRET_FIELDS: Record<string, readonly string[]> = {
  none: [],
  bearer: ['token'],
  basic: ['password'],
  apiKey: ['value'],
  oauth2: ['clientSecret'],
};

export type AuthInput = Record<string, unknown> & { type: string };
type StoredAuth = StoredConnection['auth'];

/**
 * Encrypts secret fields (or keeps `env:NAME` references). With `previous` of the same auth type, omitted secret
 * fields keep their stored value; otherwise a missing secret is a validation error.
 */
export function sealAuth(auth: AuthInput, cipher: SecretCipher, previous?: StoredAuth): StoredAuth {
  const out: StoredAuth = { ...auth };
  for (const field of SECRET_FIELDS[auth.type] ?? []) {
    const value = auth[field];
    if (typeof value === 'string' && value !== '') {
      out[field] = value.startsWith(ENV_PREFIX) ? value : cipher.encrypt(value);
    } else if (previous?.type === auth.type && typeof previous[field] === 'string') {
      out[field] = previous[field];
    } else {
      throw new ApiError('VALIDATION', `auth.${field} is required for ${auth.type} authentication.`, [
        { path: `auth.${field}`, message: 'Required: give the secret value or an env:NAME reference.' },
      ]);
    }
  }
  return out;
}

/** The write-only view: non-secret fields, and each secret as "set" or "unset" (where it comes from in `secretSources`). */
export function viewAuth(auth: StoredAuth): Record<string, unknown> {
  const fields = SECRET_FIELDS[auth.type] ?? [];
  const view: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const [k, v] of Object.entries(auth)) {
    if (fields.includes(k)) continue;
    view[k] = v;
  }
  for (const field of fields) {
    const v = auth[field];
    secrets[field] = typeof v === 'string' && v !== '' ? 'set' : 'unset';
    if (typeof v === 'string' && v.startsWith(ENV_PREFIX)) sources[field] = v;
    else if (typeof v === 'string' && v.startsWith(ENC_PREFIX)) sources[field] = 'stored';
  }
  return { ...view, secrets, secretSources: sources };
}

/** Resolves one stored secret value: decrypts, or reads the environment variable it references. */
export function openSecret(value: unknown, cipher: SecretCipher, env: NodeJS.ProcessEnv): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith(ENV_PREFIX)) return env[value.slice(ENV_PREFIX.length)];
  if (value.startsWith(ENC_PREFIX)) return cipher.decrypt(value);
  return undefined;
}

/** The plain secret values of a stored connection (for redaction). */
export function connectionSecretValues(
  conn: StoredConnection,
  cipher: SecretCipher,
  env: NodeJS.ProcessEnv,
): string[] {
  const out: string[] = [];
  for (const field of SECRET_FIELDS[conn.auth.type] ?? []) {
    try {
      const v = openSecret(conn.auth[field], cipher, env);
      if (v) out.push(v);
    } catch {
      // Undecryptable values cannot leak either.
    }
  }
  // Basic auth goes on the wire as base64("user:password"): an echoed Authorization header carries that form.
  if (conn.auth.type === 'basic' && out[0] !== undefined) {
    out.push(Buffer.from(`${String(conn.auth.username ?? '')}:${out[0]}`, 'utf8').toString('base64'));
  }
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The connection as a node receives it, secrets in the clear. Throws when a referenced env var is missing. */
export function resolveConnection(
  conn: StoredConnection,
  cipher: SecretCipher,
  env: NodeJS.ProcessEnv,
): ResolvedConnection {
  const a = conn.auth;
  const secret = (field: string): string => {
    const v = openSecret(a[field], cipher, env);
    if (v === undefined) {
      throw new Error(
        `Connection "${conn.name}": ${field} references ${String(a[field])}, which is not set in the runtime's environment.`,
      );
    }
    return v;
  };
  let auth: ResolvedConnection['auth'];
  switch (a.type) {
    case 'bearer':
      auth = { type: 'bearer', token: secret('token') };
      break;
    case 'basic':
      auth = { type: 'basic', username: str(a.username), password: secret('password') };
      break;
    case 'apiKey':
      auth = { type: 'apiKey', header: str(a.header), value: secret('value') };
      break;
    case 'oauth2':
      auth = {
        type: 'oauth2',
        tokenUrl: str(a.tokenUrl),
        clientId: str(a.clientId),
        clientSecret: secret('clientSecret'),
        ...(typeof a.scope === 'string' ? { scope: a.scope } : {}),
      };
      break;
    default:
      auth = { type: 'none' };
  }
  return {
    name: conn.name,
    kind: conn.kind,
    baseUrl: conn.baseUrl,
    auth,
    options: conn.options,
    revision: conn.revision,
  };
}
