/** Reads a flow's trigger: its node, kind and parsed config (webhook path, cron), for indexes, schedules and summaries. */
import type { Flow, FlowNode, TriggerKind } from '@idflow/engine';
import type { RuntimeCatalog } from './context';

export interface WebhookTriggerConfig {
  path: string;
  respond: 'accepted' | 'onCompletion';
  auth: 'token' | 'hmac';
  eventId?: string;
  responseTimeoutMs: number;
}

export interface ScheduleTriggerConfig {
  cron: string;
  timezone: string;
  overlap: 'skip' | 'queue' | 'allow';
  misfire: 'skip' | 'runOnce';
}

export interface FlowTrigger {
  node: FlowNode;
  kind: TriggerKind | 'unknown';
  webhook?: WebhookTriggerConfig;
  schedule?: ScheduleTriggerConfig;
}

const str = (v: unknown, d: string) => (typeof v === 'string' ? v : d);

/** The trigger node of a flow and its config with defaults filled (via the node type's schema when it parses). */
export function flowTrigger(flow: Flow, catalog: RuntimeCatalog): FlowTrigger | undefined {
  for (const node of flow.nodes) {
    const def = catalog.get(node.type);
    if (!def?.trigger && def?.category !== 'trigger') continue;
    const parsed = def.config.safeParse(node.config);
    const c = (parsed.success ? parsed.data : node.config) as Record<string, unknown>;
    const kind = def.trigger ?? 'unknown';
    const t: FlowTrigger = { node, kind };
    if (kind === 'webhook') {
      t.webhook = {
        path: str(c.path, ''),
        respond: c.respond === 'accepted' ? 'accepted' : 'onCompletion',
        auth: c.auth === 'hmac' ? 'hmac' : 'token',
        eventId: typeof c.eventId === 'string' && c.eventId !== '' ? c.eventId : undefined,
        responseTimeoutMs: typeof c.responseTimeoutMs === 'number' ? c.responseTimeoutMs : 30_000,
      };
    }
    if (kind === 'schedule') {
      t.schedule = {
        cron: str(c.cron, '').trim(),
        timezone: str(c.timezone, 'UTC'),
        overlap: c.overlap === 'queue' || c.overlap === 'allow' ? c.overlap : 'skip',
        misfire: c.misfire === 'runOnce' ? 'runOnce' : 'skip',
      };
    }
    return t;
  }
  return undefined;
}

/** The `trigger` part of a FlowSummary. */
export function triggerSummary(flow: Flow, catalog: RuntimeCatalog) {
  const t = flowTrigger(flow, catalog);
  if (!t) return null;
  return {
    type: t.node.type,
    kind: t.kind,
    ...(t.webhook ? { path: t.webhook.path } : {}),
    ...(t.schedule ? { cron: t.schedule.cron } : {}),
  };
}
