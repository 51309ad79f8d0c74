/** Writes a webhook answer on a plain node:http response: the security headers, the flow's headers, one body. */
import { type ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import { type ApiError, errorBody } from '../http/errors';
import { API_HEADERS } from '../http/security-headers';
import type { HookAnswer } from './hook-handler';

/** Flat `[name, value, …]`: writeHead takes it as is, without a header object per answer. */
const FIXED: readonly string[] = API_HEADERS.flat();

const JSON_TYPE = 'application/json; charset=utf-8';
/** A flow's string body is text unless the flow says otherwise: never HTML on the runtime's origin by default. */
const TEXT_TYPE = 'text/plain; charset=utf-8';

/**
 * Sends the answer. A flow-set header that HTTP cannot carry (a newline, a bad name) throws before anything is
 * written, so the caller can still answer with an error.
 * @example writeHookAnswer(res, { status: 202, headers: {}, body: { kind: 'json', value: { runId } } });
 */
export function writeHookAnswer(res: ServerResponse, answer: HookAnswer): void {
  const headers = FIXED.slice();
  let typed = false;
  for (const k in answer.headers) {
    const v = answer.headers[k]!;
    validateHeaderName(k);
    validateHeaderValue(k, v);
    if (k.length === 12 && k.toLowerCase() === 'content-type') typed = true;
    headers.push(k, v);
  }
  const { body } = answer;
  const payload =
    body.kind === 'json' ? (JSON.stringify(body.value) ?? '') : body.kind === 'text' ? body.value : '';
  if (body.kind !== 'empty' && !typed)
    headers.push('Content-Type', body.kind === 'json' ? JSON_TYPE : TEXT_TYPE);
  headers.push('Content-Length', String(Buffer.byteLength(payload)));
  res.writeHead(answer.status, headers);
  res.end(payload);
}

/** The API's one error format (see http/errors.ts), with the error's own headers (e.g. Retry-After). */
export function writeHookError(res: ServerResponse, err: ApiError): void {
  writeHookAnswer(res, {
    status: err.status,
    headers: err.headers,
    body: { kind: 'json', value: errorBody(err) },
  });
}
