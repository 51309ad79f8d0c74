/** Admin token: set from config or generated at first start (only its sha256 stored); constant-time checks; one 401 for every failure. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ApiError } from './http/errors';
import type { Store } from './store/types';

export const ADMIN_TOKEN_SETTING = 'adminTokenSha256';

export const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time equality of two strings (compares their sha256, so lengths leak nothing). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

export interface AdminTokenState {
  /** sha256 of the admin token. */
  hash: Buffer;
  /** Set only when the token was generated during this start, to be printed once. */
  generated?: string;
}

/**
 * Uses the configured token (and stores its hash in place of an earlier one, so a lost token stays revoked on later
 * starts without IDFLOW_ADMIN_TOKEN), else the stored hash, else generates a token (returned once in `generated`).
 * @example const admin = await setupAdminToken(store, config.adminToken)
 */
export async function setupAdminToken(
  store: Store,
  configured: string | undefined,
): Promise<AdminTokenState> {
  const stored = await store.getSetting(ADMIN_TOKEN_SETTING);
  if (configured) {
    const hash = sha256(configured);
    if (stored !== hash.toString('hex')) await store.setSetting(ADMIN_TOKEN_SETTING, hash.toString('hex'));
    return { hash };
  }
  if (stored && /^[0-9a-f]{64}$/.test(stored)) return { hash: Buffer.from(stored, 'hex') };
  const generated = `idf_${randomBytes(24).toString('base64url')}`;
  await store.setSetting(ADMIN_TOKEN_SETTING, sha256(generated).toString('hex'));
  return { hash: sha256(generated), generated };
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1];
}

export function tokenMatches(state: AdminTokenState, token: string | undefined): boolean {
  // Always hash and compare, so a missing token costs the same as a wrong one.
  return timingSafeEqual(sha256(token ?? ''), state.hash) && token !== undefined;
}

const unauthorized = () =>
  new ApiError(
    'UNAUTHORIZED',
    'Send the admin token as "Authorization: Bearer <token>".',
    [],
    {},
    {
      'WWW-Authenticate': 'Bearer realm="idflow"',
    },
  );

/** Requires the admin token; `allowQuery` also accepts `?token=` (EventSource cannot send headers). */
export function requireAdmin(getState: () => AdminTokenState, allowQuery = false): RequestHandler {
  return (req, _res, next) => {
    let token = bearer(req);
    if (token === undefined && allowQuery && typeof req.query.token === 'string') token = req.query.token;
    if (!tokenMatches(getState(), token)) throw unauthorized();
    next();
  };
}

/** Optional bearer token for /metrics (IDFLOW_METRICS_TOKEN). */
export function requireMetricsToken(token: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (token !== undefined && !safeEqual(bearer(req) ?? '', token)) throw unauthorized();
    next();
  };
}
