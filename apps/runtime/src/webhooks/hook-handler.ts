/**
 * The webhook itself, free of any HTTP framework: authenticate per flow, parse, deduplicate, create the run and
 * answer by the flow's respond mode. The raw ingress (hook-ingress.ts) and the Express route (hook-route.ts) both
 * call it, so a webhook behaves the same whichever door it came through.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { compileExpression, type RunRecord } from '@idflow/engine';
import { sha256 } from '../auth';
import type { RuntimeContext } from '../context';
import { flowTrigger, type WebhookTriggerConfig } from '../flow-triggers';
import { ApiError } from '../http/errors';
import { SlugParam } from '../http/route';
import { newRunId } from '../ids';
import { QueueFullError } from '../queue/run-queue';
import { parseWebhookBody } from './parse-body';
import { AUTH_HEADERS, verifyHmac, verifyToken } from './verify';

export interface HookRequest {
  /** The decoded `:path` segment of `/hooks/:path`. */
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  query: Record<string, unknown>;
  /** The body as received (already inflated). */
  raw: Buffer;
}

export type HookBody = { kind: 'json'; value: unknown } | { kind: 'text'; value: string } | { kind: 'empty' };

export interface HookAnswer {
  status: number;
  /** Headers beyond the fixed security set (flow.respond's own, Idempotent-Replayed). */
  headers: Record<string, string>;
  body: HookBody;
}

/** Response headers a flow may not set (hop-by-hop, framing, and our security headers). */
const BLOCKED =
  /^(connection|content-length|transfer-encoding|keep-alive|upgrade|set-cookie|content-security-policy|x-frame-options|strict-transport-security)$/i;

const unauthorized = () =>
  new ApiError(
    'UNAUTHORIZED',
    'Webhook authentication failed: send the token, or a valid X-Idflow-Signature.',
  );

const json = (status: number, value: unknown, headers: Record<string, string> = {}): HookAnswer => ({
  status,
  headers,
  body: { kind: 'json', value },
});

function triggerData(req: HookRequest, body: unknown, receivedAt: string) {
  const headers: Record<string, string> = {};
  for (const k in req.headers) {
    const v = req.headers[k];
    if (v === undefined || AUTH_HEADERS.includes(k)) continue;
    headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return { body, headers, query: { ...req.query }, method: req.method, receivedAt };
}

async function eventKey(
  req: HookRequest,
  expr: string | undefined,
  data: ReturnType<typeof triggerData>,
): Promise<string | undefined> {
  const header = req.headers['idempotency-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim().slice(0, 200);
  if (!expr) return undefined;
  try {
    const value = await compileExpression(expr.replace(/^=/, '')).evaluate(data);
    if (value === undefined || value === null || value === '') return undefined;
    return (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 200);
  } catch (err) {
    throw new ApiError(
      'VALIDATION',
      `The flow's eventId expression failed on this request: ${(err as Error).message}`,
    );
  }
}

/** The answer for a finished run: flow.respond's status, headers and body, else the run's output. */
function finalAnswer(run: RunRecord): HookAnswer {
  if (run.status !== 'succeeded') {
    return json(500, {
      runId: run.id,
      status: run.status,
      error: run.error ?? { code: 'INTERNAL', message: 'The run failed.' },
    });
  }
  if (!run.response) return json(200, run.output ?? {});
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(run.response.headers ?? {})) if (!BLOCKED.test(k)) headers[k] = v;
  const body = run.response.body;
  return {
    status: run.response.status,
    headers,
    body:
      typeof body === 'string'
        ? { kind: 'text', value: body }
        : body === undefined
          ? { kind: 'empty' }
          : { kind: 'json', value: body },
  };
}

/**
 * @example const handle = createHookHandler(ctx); const answer = await handle({ path: 'onboard', method: 'POST', headers, query: {}, raw });
 */
export function createHookHandler(c: RuntimeContext): (req: HookRequest) => Promise<HookAnswer> {
  // Derived per stored object: the file store hands out one frozen object per flow version / secret entry, so these
  // hit until the flow or its secret changes (a new object), with no invalidation to forget.
  const hooks = new WeakMap<object, WebhookTriggerConfig | null>();
  const hookOf = (stored: { flow: Parameters<typeof flowTrigger>[0] }) => {
    let hook = hooks.get(stored);
    if (hook === undefined) {
      hook = flowTrigger(stored.flow, c.catalog)?.webhook ?? null;
      if (Object.isFrozen(stored)) hooks.set(stored, hook);
    }
    return hook ?? undefined;
  };
  const secrets = new WeakMap<object, { secret: string; digest: Buffer } | null>();
  const secretOf = (entry: { secret: string } | undefined) => {
    if (!entry) return undefined;
    let secret = secrets.get(entry);
    if (secret === undefined) {
      try {
        const plain = c.cipher.decrypt(entry.secret);
        secret = { secret: plain, digest: sha256(plain) };
      } catch {
        secret = null;
      }
      if (Object.isFrozen(entry)) secrets.set(entry, secret);
    }
    return secret ?? undefined;
  };

  return async (req) => {
    if (c.lifecycle.shuttingDown) {
      throw new ApiError(
        'UNAVAILABLE',
        'The runtime is shutting down: retry shortly.',
        [],
        {},
        { 'Retry-After': '5' },
      );
    }
    const path = SlugParam.safeParse(req.path);
    const stored = path.success ? await c.flows.byWebhookPath(path.data) : undefined;
    const hook = stored ? hookOf(stored) : undefined;
    if (!stored || !hook) throw new ApiError('NOT_FOUND', 'No enabled flow listens on this path.');
    const flowId = stored.flow.id;
    const secret = secretOf(await c.store.getWebhookSecret(flowId));
    const verdict = !secret
      ? { ok: false as const, reason: 'no webhook secret set for this flow' }
      : hook.auth === 'hmac'
        ? verifyHmac(req.headers, req.raw, secret.secret, c.clock.now())
        : verifyToken(req.headers, secret.digest);
    if (!verdict.ok) {
      c.log.warn({ flowId, reason: verdict.reason }, 'webhook refused');
      throw unauthorized();
    }
    // Only enabled flows claim paths and only valid flows can be enabled; this guards a flow that became invalid
    // (e.g. a node type no longer installed) so it is refused whole, never half-run.
    c.flows.assertRunnable(stored, 'run');
    const now = c.clock.now();
    const data = triggerData(req, parseWebhookBody(req.raw, req.headers['content-type']), c.clock.nowIso());
    if (c.queue.depth() >= c.config.maxQueueDepth) {
      throw new QueueFullError(
        c.queue.depth(),
        Math.max(1, Math.ceil(c.queue.depth() / c.config.maxConcurrentRuns)),
      );
    }
    const runId = newRunId(now);
    const key = await eventKey(req, hook.eventId, data);
    const claimedKey = key === undefined ? undefined : `${flowId}:${key}`;
    if (claimedKey !== undefined) {
      const expiresAt = new Date(now + c.config.idempotencyWindowHours * 3_600_000).toISOString();
      const existing = await c.store.claimIdempotencyKey(
        { key: claimedKey, runId, expiresAt },
        new Date(now),
      );
      if (existing)
        return json(200, { runId: existing.runId, duplicate: true }, { 'Idempotent-Replayed': 'true' });
    }
    // accepted: the 202 promises the run, so it is durable first; so is a run whose id a claimed idempotency key
    // already names. onCompletion: the caller waits and nothing is acknowledged before the final record is
    // durable (wait() persists the run if it answers 202 on timeout).
    let run: RunRecord;
    try {
      run = await c.runs.create(
        { flowId, trigger: { kind: 'webhook', data }, runId },
        { persist: hook.respond === 'accepted' || claimedKey !== undefined },
      );
    } catch (err) {
      // No run was created (queue full, failed save): the key must not name it, or the sender's retry would be
      // answered "duplicate" for a run that never existed.
      if (claimedKey !== undefined) {
        await c.store.releaseIdempotencyKey(claimedKey, runId).catch((releaseErr: unknown) => {
          c.log.error({ err: releaseErr, flowId, runId }, 'releasing the idempotency key failed');
        });
      }
      throw err;
    }
    if (hook.respond === 'accepted') return json(202, { runId: run.id });
    const final = await c.runs.wait(run.id, hook.responseTimeoutMs);
    return final ? finalAnswer(final) : json(202, { runId: run.id, status: 'running' });
  };
}
