/**
 * Security headers on every response, written by hand instead of helmet: we need two CSPs (a strict one for the
 * API, one for the editor) and a dozen fixed headers; a dependency for that would add more surface than it saves.
 */
import type { RequestHandler } from 'express';

/** The editor: no inline scripts (`script-src 'self'`); inline style attributes are needed by React Flow. */
export const EDITOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** Headers every response carries, whatever it is. */
const COMMON_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
  ['X-DNS-Prefetch-Control', 'off'],
];

/** The full set for API, webhook, metrics and health answers (the raw webhook ingress writes exactly these). */
export const API_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', API_CSP],
  ...COMMON_HEADERS,
  ['Cache-Control', 'no-store'],
];

const EDITOR_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', EDITOR_CSP],
  ...COMMON_HEADERS,
];

export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    const api = /^\/(api|hooks|metrics|healthz)(\/|$)/.test(req.path);
    for (const [k, v] of api ? API_HEADERS : EDITOR_HEADERS) res.setHeader(k, v);
    next();
  };
}

/** CORS for /api/v1, only when IDFLOW_CORS_ORIGINS lists the origin. Answers preflights itself. */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'ETag, Retry-After');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-Match');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
