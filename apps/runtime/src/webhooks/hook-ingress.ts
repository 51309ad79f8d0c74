/**
 * The raw webhook ingress: `POST /hooks/<path>` answered straight on node:http, ahead of Express.
 *
 * Webhooks are the data plane (an HR feed posting thousands of changes); the admin API is the control plane. Express's
 * router, middleware chain and response helpers cost more CPU per request than a whole small flow run, so the common
 * webhook shape skips them. Anything unusual (another method, a compressed body, a path Express would normalise)
 * is left to the Express app, whose /hooks route calls the same handler: one behaviour, two doors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { RuntimeContext } from '../context';
import { ApiError, toApiError } from '../http/errors';
import { writeHookAnswer, writeHookError } from './hook-answer';
import type { HookAnswer, HookRequest } from './hook-handler';

const PREFIX = '/hooks/';

/** Returns false when the request is not one it takes (the caller hands it to Express). */
export type HookIngress = (req: IncomingMessage, res: ServerResponse) => boolean;

/** `/hooks/<segment>[?query]` → the decoded segment and the query string, or undefined. */
function matchHook(url: string): { path: string; search: string } | undefined {
  if (!url.startsWith(PREFIX)) return undefined;
  const q = url.indexOf('?', PREFIX.length);
  const segment = q === -1 ? url.slice(PREFIX.length) : url.slice(PREFIX.length, q);
  if (segment === '' || segment.includes('/')) return undefined;
  try {
    return { path: decodeURIComponent(segment), search: q === -1 ? '' : url.slice(q + 1) };
  } catch {
    return undefined;
  }
}

/**
 * @example const ingress = createHookIngress(ctx, createHookHandler(ctx)); createServer((q, s) => ingress(q, s) || app(q, s));
 */
export function createHookIngress(
  c: RuntimeContext,
  handle: (req: HookRequest) => Promise<HookAnswer>,
): HookIngress {
  const limit = c.config.webhookMaxBody;
  const tooLarge = () =>
    new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than the limit of ${limit} bytes.`);

  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown) => {
    const apiError = toApiError(err);
    if (apiError.code === 'INTERNAL')
      c.log.error({ err, method: req.method, url: req.url?.split('?')[0] }, 'request failed');
    if (res.headersSent) res.end();
    else writeHookError(res, apiError);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, hook: HookRequest) => {
    try {
      const result = await handle(hook);
      try {
        writeHookAnswer(res, result);
      } catch (err) {
        throw new ApiError(
          'INTERNAL',
          `The flow's response cannot be sent: ${(err as Error).message}. Check flow.respond's status and headers.`,
        );
      }
    } catch (err) {
      fail(req, res, err);
    }
  };

  return (req, res) => {
    if (req.method !== 'POST') return false;
    const match = matchHook(req.url ?? '');
    if (!match) return false;
    // Compressed bodies go the long way (Express's body reader inflates them).
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;

    const started = performance.now();
    res.once('finish', () => {
      c.metrics.webhookRequests.inc({ status: String(res.statusCode) });
      if (c.log.isLevelEnabled('debug')) {
        const ms = Math.round(performance.now() - started);
        c.log.debug(
          { method: 'POST', path: `${PREFIX}${match.path}`, status: res.statusCode, ms },
          'request',
        );
      }
    });

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      // The rest of the body is not read: close the connection after the answer.
      res.shouldKeepAlive = false;
      fail(req, res, tooLarge());
      req.resume();
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        res.shouldKeepAlive = false;
        fail(req, res, tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      const query = match.search === '' ? {} : { ...parseQuery(match.search) };
      void answer(req, res, { path: match.path, method: 'POST', headers: req.headers, query, raw });
    });
    // A sender that hangs up mid-body gets no answer; nothing was started for it.
    req.on('error', () => {
      refused = true;
    });
    return true;
  };
}
