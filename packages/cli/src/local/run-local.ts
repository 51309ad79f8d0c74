/** Runs a flow in this process with the builtin catalog: helper flows from a directory, given connections. */
import type { ConnectionResolver, Flow, RunEvent, RunRecord, TriggerInfo } from '@idflow/engine';
import { runFlow } from '@idflow/engine';
import { builtinCatalog } from '../catalog';
import { flowResolver } from './flow-resolver';

export interface LocalRunOptions {
  flow: Flow;
  trigger: TriggerInfo;
  /** Where helper flows (`<id>.flow.json`) are found. */
  flowsDir: string;
  connections: ConnectionResolver;
  dryRun?: boolean;
  onEvent?: (event: RunEvent) => void;
}

export interface LocalRunResult {
  record: RunRecord;
  /** Helper-flow runs (forEach, flow.call), in the order they finished. */
  children: RunRecord[];
}

/**
 * Runs one flow to completion.
 * @example const { record } = await runLocal({ flow, trigger: { kind: 'manual', data: {} }, flowsDir: 'flows', connections })
 */
export async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  const catalog = builtinCatalog();
  const children: RunRecord[] = [];
  const record = await runFlow(options.flow, {
    catalog,
    trigger: options.trigger,
    connections: options.connections,
    resolveFlow: flowResolver(options.flowsDir, catalog),
    dryRun: options.dryRun ?? false,
    onEvent: options.onEvent,
    onChildRun: (child) => {
      children.push(child);
    },
  });
  return { record, children };
}

/** The trigger kind a flow's trigger node implies (`manual` when it has none the catalog knows). */
export function triggerKindOf(flow: Flow): TriggerInfo['kind'] {
  const catalog = builtinCatalog();
  for (const node of flow.nodes) {
    const kind = catalog.get(node.type)?.trigger;
    if (kind) return kind;
  }
  return 'manual';
}

/**
 * The trigger payload for a run from input data. A webhook flow sees a request (`trigger.body`, `headers`,
 * `query`): input without a top-level `body` key is taken as the body. A schedule flow without input sees a tick
 * at the current time.
 */
export function triggerFor(flow: Flow, input: unknown): TriggerInfo {
  const kind = triggerKindOf(flow);
  if (kind === 'schedule' && input === undefined) {
    const now = new Date().toISOString();
    return { kind, data: { scheduledAt: now, firedAt: now } };
  }
  if (kind !== 'webhook') return { kind, data: input ?? {} };
  const isRequest = typeof input === 'object' && input !== null && !Array.isArray(input) && 'body' in input;
  const data = isRequest
    ? { headers: {}, query: {}, method: 'POST', ...input }
    : { body: input ?? {}, headers: {}, query: {}, method: 'POST' };
  return { kind, data };
}
