/** POST /hooks/:path: authenticate per flow, parse, deduplicate, persist the run as queued, answer by the flow's respond mode. */
import { compileExpression, type RunRecord } from '@idflow/engine';
import type { Request, Response } from 'express';
import type { RuntimeContext } from '../context';
import { flowTrigger, type WebhookTriggerConfig } from '../flow-triggers';
import { ApiError } from '../http/errors';
import { defineRoute, type Route, SlugParam } from '../http/route';
import { newRunId } from '../ids';
import { QueueFullError } from '../queue/run-queue';
import { parseWebhookBody } from './parse-body';
import { AUTH_HEADERS, verifyHmac, verifyToken } from './verify';

/** Response headers a flow may not set (hop-by-hop, framing, and our security headers). */
const BLOCKED =
  /^(connection|content-length|transfer-encoding|keep-alive|upgrade|set-cookie|content-security-policy|x-frame-options|strict-transport-security)$/i;

const unauthorized = () =>
  new ApiError(
    'UNAUTHORIZED',
    'Webhook authentication failed: send the token, or a valid X-Idflow-Signature.',
  );

function triggerData(req: Request, body: unknown, receivedAt: string) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (AUTH_HEADERS.includes(k) || v === undefined) continue;
    headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return { body, headers, query: { ...req.query }, method: req.method, receivedAt };
}

async function eventKey(req: Request, expr: string | undefined, data: ReturnType<typeof triggerData>) {
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

function sendFinal(res: Response, run: RunRecord): void {
  if (run.status !== 'succeeded') {
    res.status(500).json({
      runId: run.id,
      status: run.status,
      error: run.error ?? { code: 'INTERNAL', message: 'The run failed.' },
    });
    return;
  }
  if (run.response) {
    for (const [k, v] of Object.entries(run.response.headers ?? {}))
      if (!BLOCKED.test(k)) res.setHeader(k, v);
    const body = run.response.body;
    res.status(run.response.status);
    if (typeof body === 'string') res.send(body);
    else if (body === undefined) res.end();
    else res.json(body);
    return;
  }
  res.status(200).json(run.output ?? {});
}

export function hookRoutes(c: RuntimeContext): Route[] {
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
  const secrets = new WeakMap<object, string | null>();
  const secretOf = (entry: { secret: string } | undefined): string | undefined => {
    if (!entry) return undefined;
    let secret = secrets.get(entry);
    if (secret === undefined) {
      try {
        secret = c.cipher.decrypt(entry.secret);
      } catch {
        secret = null;
      }
      if (Object.isFrozen(entry)) secrets.set(entry, secret);
    }
    return secret ?? undefined;
  };
  return [
    defineRoute({
      method: 'post',
      path: '/hooks/:path',
      summary: 'Webhook trigger: runs the enabled flow listening on this path (per-flow token or HMAC)',
      tag: 'webhooks',
      auth: 'webhook',
      status: 202,
      handler: async ({ params }, req, res) => {
        if (c.lifecycle.shuttingDown) {
          throw new ApiError(
            'UNAVAILABLE',
            'The runtime is shutting down: retry shortly.',
            [],
            {},
            { 'Retry-After': '5' },
          );
        }
        const path = SlugParam.safeParse(params.path);
        const stored = path.success ? await c.flows.byWebhookPath(path.data) : undefined;
        const hook = stored ? hookOf(stored) : undefined;
        if (!stored || !hook) throw new ApiError('NOT_FOUND', 'No enabled flow listens on this path.');
        const flowId = stored.flow.id;
        const secret = secretOf(await c.store.getWebhookSecret(flowId));
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const verdict = !secret
          ? { ok: false as const, reason: 'no webhook secret set for this flow' }
          : hook.auth === 'hmac'
            ? verifyHmac(req.headers, raw, secret, c.clock.now())
            : verifyToken(req.headers, secret);
        if (!verdict.ok) {
          c.log.warn({ flowId, reason: verdict.reason }, 'webhook refused');
          throw unauthorized();
        }
        // Only enabled flows claim paths and only valid flows can be enabled; this guards a flow that became invalid
        // (e.g. a node type no longer installed) so it is refused whole, never half-run.
        c.flows.assertRunnable(stored, 'run');
        const receivedAt = c.clock.nowIso();
        const data = triggerData(req, parseWebhookBody(raw, req.headers['content-type']), receivedAt);
        if (c.queue.depth() >= c.config.maxQueueDepth) {
          throw new QueueFullError(
            c.queue.depth(),
            Math.max(1, Math.ceil(c.queue.depth() / c.config.maxConcurrentRuns)),
          );
        }
        const runId = newRunId(c.clock.now());
        const key = await eventKey(req, hook.eventId, data);
        const claimedKey = key === undefined ? undefined : `${flowId}:${key}`;
        if (claimedKey !== undefined) {
          const expiresAt = new Date(
            c.clock.now() + c.config.idempotencyWindowHours * 3_600_000,
          ).toISOString();
          const existing = await c.store.claimIdempotencyKey(
            { key: claimedKey, runId, expiresAt },
            new Date(c.clock.now()),
          );
          if (existing) {
            res.setHeader('Idempotent-Replayed', 'true');
            res.status(200).json({ runId: existing.runId, duplicate: true });
            return;
          }
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
        if (hook.respond === 'accepted') {
          res.status(202).json({ runId: run.id });
          return;
        }
        const final = await c.runs.wait(run.id, hook.responseTimeoutMs);
        if (!final) res.status(202).json({ runId: run.id, status: 'running' });
        else sendFinal(res, final);
      },
    }),
  ];
}
