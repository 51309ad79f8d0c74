/** `npm start`: the known dev webhook token (loopback, non-production only) and the lines printed per webhook flow. */
import { isIP } from 'node:net';
import type { RuntimeContext } from '../context';
import { flowTrigger } from '../flow-triggers';
import { setWebhookSecret } from '../routes/flow-triggers';
import { curlFor } from './flows-loader';

export const DEV_WEBHOOK_TOKEN = 'dev-webhook-token-change-me';

/** True for 127.0.0.0/8, ::1 (also bracketed or IPv4-mapped) and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.split('.')[0] === '127';
  if (isIP(h) !== 6) return false;
  // The URL parser writes IPv6 in its short form: [::1], and IPv4-mapped 127.x.y.z as [::ffff:7fxx:yyzz].
  const canonical = new URL(`http://[${h}]/`).hostname;
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

/** The dev token is only for a local demo: loopback listen address, not production, and IDFLOW_DEMO not off. */
export function demoTokenAllowed(host: string, env: NodeJS.ProcessEnv): boolean {
  return env.IDFLOW_DEMO !== 'off' && env.NODE_ENV !== 'production' && isLoopbackHost(host);
}

/**
 * For each enabled webhook flow: sets the dev token when it has no secret and the demo is allowed, and returns the
 * lines to print (a curl to try it, or how to set a secret and a warning that it refuses every call until then).
 */
export async function demoWebhookLines(
  c: RuntimeContext,
  opts: { url: string; host: string; env: NodeJS.ProcessEnv; samples: Map<string | undefined, unknown> },
): Promise<string[]> {
  const demo = demoTokenAllowed(opts.host, opts.env);
  const lines: string[] = [];
  for (const s of await c.store.listFlows()) {
    const hook = s.enabled ? flowTrigger(s.flow, c.catalog)?.webhook : undefined;
    if (!hook) continue;
    const id = s.flow.id;
    const entry = await c.store.getWebhookSecret(id);
    if (!entry && !demo) {
      lines.push(
        `  webhook ${id}: no secret set, so /hooks/${hook.path} refuses every call.`,
        `  WARNING: the dev webhook token is only set on a loopback host outside production; set a secret with`,
        `  curl -sS -X POST '${opts.url}/api/v1/flows/${id}/webhook/secret' -H 'Authorization: Bearer <admin token>' -H 'Content-Type: application/json' -d '{}'`,
      );
      continue;
    }
    if (!entry) await setWebhookSecret(c, id, DEV_WEBHOOK_TOKEN);
    let current: string | undefined = DEV_WEBHOOK_TOKEN;
    if (entry) {
      try {
        current = c.cipher.decrypt(entry.secret);
      } catch {
        current = undefined;
      }
    }
    const known = current === DEV_WEBHOOK_TOKEN ? current : '<webhook secret>';
    if (current === DEV_WEBHOOK_TOKEN && !demo) {
      lines.push(
        `  WARNING: webhook ${id} still uses the public dev token; replace it: POST /api/v1/flows/${id}/webhook/secret`,
      );
    }
    lines.push(
      `  webhook ${id}:`,
      `  ${curlFor(`${opts.url}/hooks/${hook.path}`, hook.auth, known, opts.samples.get(id))}`,
    );
  }
  return lines;
}
