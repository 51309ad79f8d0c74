/** Trigger admin routes of a flow: its webhook (URL, auth, whether a secret is set), the webhook secret, its schedule. */
import { randomBytes } from 'node:crypto';
import { ScheduleOut, WebhookOut, WebhookSecretBody, WebhookSecretOut } from '../api-schemas';
import type { RuntimeContext } from '../context';
import { flowTrigger } from '../flow-triggers';
import { ApiError } from '../http/errors';
import { defineRoute, type Route } from '../http/route';
import { flowId, getFlowOr404 } from './flows';

export function publicBaseUrl(c: RuntimeContext, fallback: string): string {
  return (c.config.publicUrl ?? fallback).replace(/\/+$/, '');
}

/** Stores a webhook secret (encrypted) and registers it for redaction. */
export async function setWebhookSecret(c: RuntimeContext, id: string, secret: string): Promise<void> {
  await c.store.saveWebhookSecret({
    flowId: id,
    secret: c.cipher.encrypt(secret),
    updatedAt: c.clock.nowIso(),
  });
  c.secrets.add(secret);
}

export function flowTriggerRoutes(c: RuntimeContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:id/webhook',
      summary: "A webhook flow's URL, auth mode and whether its secret is set",
      tag: 'webhooks',
      response: WebhookOut,
      handler: async ({ params }, req, res) => {
        const s = await getFlowOr404(c, flowId(params));
        const hook = flowTrigger(s.flow, c.catalog)?.webhook;
        if (!hook) throw new ApiError('NOT_FOUND', `Flow ${s.flow.id} has no webhook trigger.`);
        const base = publicBaseUrl(c, `${req.protocol}://${req.get('host')}`);
        res.json({
          url: `${base}/hooks/${hook.path}`,
          path: hook.path,
          method: 'POST',
          auth: hook.auth,
          respond: hook.respond,
          secretSet: (await c.store.getWebhookSecret(s.flow.id)) !== undefined,
          enabled: s.enabled,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/flows/:id/webhook/secret',
      summary: 'Set or generate the webhook token / HMAC key; returned once',
      tag: 'webhooks',
      body: WebhookSecretBody,
      response: WebhookSecretOut,
      handler: async ({ body, params }, _req, res) => {
        const s = await getFlowOr404(c, flowId(params));
        const hook = flowTrigger(s.flow, c.catalog)?.webhook;
        if (!hook) throw new ApiError('NOT_FOUND', `Flow ${s.flow.id} has no webhook trigger.`);
        const secret = body.secret ?? `whs_${randomBytes(32).toString('base64url')}`;
        await setWebhookSecret(c, s.flow.id, secret);
        // The one response that carries a secret: it must not be redacted, and is never stored in plain text.
        res.json({ secret, auth: hook.auth });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:id/schedule',
      summary: 'A schedule flow: cron, time zone, policies and the next five fire times',
      tag: 'schedules',
      response: ScheduleOut,
      handler: async ({ params }, _req, res) => {
        const s = await getFlowOr404(c, flowId(params));
        const sched = flowTrigger(s.flow, c.catalog)?.schedule;
        if (!sched) throw new ApiError('NOT_FOUND', `Flow ${s.flow.id} has no schedule trigger.`);
        const state = await c.store.getScheduleState(s.flow.id);
        res.json({
          ...sched,
          armed: c.scheduler.isArmed(s.flow.id),
          next: c.scheduler.nextFireTimes(sched, 5).map((d) => d.toISOString()),
          ...(state?.lastFireAt ? { lastFireAt: state.lastFireAt } : {}),
          ...(state?.lastRunId ? { lastRunId: state.lastRunId } : {}),
          skippedTicks: c.scheduler.skippedTicks(s.flow.id),
        });
      },
    }),
  ];
}
