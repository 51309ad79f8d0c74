// HTTP helpers: SCIM responses, bearer auth (constant-time), base URLs and ETag preconditions.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ScimError } from './errors';
import { SCIM_CONTENT_TYPE } from './urns';

/** Where the SCIM API is mounted. */
export const SCIM_PREFIX = '/scim/v2';

/** Sends a SCIM JSON body (always `application/scim+json`). */
export function sendScim(
  res: Response,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.status(status).set(headers).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

export function sendError(res: Response, error: ScimError): void {
  const headers: Record<string, string> =
    error.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="scim-sandbox"' } : {};
  sendScim(res, error.status, error.toBody(), headers);
}

/** The SCIM base URL as seen by the client, e.g. `http://127.0.0.1:8090/scim/v2`. */
export const baseUrl = (req: Request): string =>
  `${req.protocol}://${req.get('host') ?? 'localhost'}${SCIM_PREFIX}`;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Constant-time comparison of the request's bearer token with the configured one. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  return timingSafeEqual(digest(m?.[1]?.trim() ?? ''), digest(token)) && m !== null;
}

/** Requires `Authorization: Bearer <token>`; answers 401 with a SCIM Error body otherwise. */
export function requireToken(token: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (tokenMatches(header, token)) return next();
    const detail = header ? 'The bearer token is not valid.' : 'Authorization: Bearer <token> is required.';
    sendError(res, new ScimError(401, detail));
  };
}

const tags = (header: string): string[] => header.split(',').map((t) => t.trim().replace(/^W\//i, ''));

/** If-None-Match on GET: true when the client's copy is current (answer 304). */
export function notModified(header: string | undefined, version: unknown): boolean {
  if (!header || typeof version !== 'string') return false;
  const list = tags(header);
  return list.includes('*') || list.includes(version.replace(/^W\//i, ''));
}

/** If-Match on PUT/PATCH/DELETE (and Bulk `version`): throws 412 on mismatch. */
export function checkIfMatch(header: string | undefined, version: unknown): void {
  if (!header || typeof version !== 'string') return;
  const list = tags(header);
  if (list.includes('*') || list.includes(version.replace(/^W\//i, ''))) return;
  throw new ScimError(412, `If-Match ${header} does not match the current version ${version}`);
}
