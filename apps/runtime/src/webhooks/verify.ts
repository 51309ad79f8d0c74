/** Webhook authentication: a shared token (Bearer or X-Idflow-Token) or an HMAC-SHA256 signature with a replay window. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sha256 } from '../auth';

/** Signatures older or newer than this are refused (replay protection). */
export const HMAC_TOLERANCE_SECONDS = 300;

/** Headers that carry credentials: checked, then removed from the trigger data. */
export const AUTH_HEADERS = ['authorization', 'x-idflow-token', 'x-idflow-signature', 'cookie'];

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** `secretDigest`: sha256 of the flow's secret, computed once per secret rather than per request. */
export function verifyToken(headers: IncomingHttpHeaders, secretDigest: Buffer): VerifyResult {
  const auth = headers.authorization;
  const bearer = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth.trim())?.[1] : undefined;
  const header = headers['x-idflow-token'];
  const given = bearer ?? (typeof header === 'string' ? header : undefined);
  // Compare even when nothing was sent, so timing says nothing about the secret.
  // sha256 first, so lengths leak nothing either.
  const match = timingSafeEqual(sha256(given ?? ''), secretDigest);
  return match && given !== undefined
    ? { ok: true }
    : { ok: false, reason: given ? 'wrong token' : 'no token' };
}

/** `t=<unix seconds>,v1=<hex hmac-sha256 of "<t>.<raw body>">`. */
export function signBody(secret: string, body: Buffer | string, t: number): string {
  const mac = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${mac}`;
}

export function verifyHmac(
  headers: IncomingHttpHeaders,
  raw: Buffer,
  secret: string,
  nowMs: number,
): VerifyResult {
  const header = headers['x-idflow-signature'];
  if (typeof header !== 'string') return { ok: false, reason: 'no signature' };
  const parts = new Map<string, string[]>();
  for (const piece of header.split(',')) {
    const i = piece.indexOf('=');
    if (i <= 0) continue;
    const k = piece.slice(0, i).trim();
    parts.set(k, [...(parts.get(k) ?? []), piece.slice(i + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t)) return { ok: false, reason: 'malformed signature' };
  if (Math.abs(nowMs / 1000 - t) > HMAC_TOLERANCE_SECONDS)
    return { ok: false, reason: 'signature timestamp outside the window' };
  const expected = createHmac('sha256', secret).update(`${t}.`).update(raw).digest();
  // Any v1 may match (lets senders rotate keys).
  const ok = (parts.get('v1') ?? []).some((hex) => {
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
  return ok ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}
