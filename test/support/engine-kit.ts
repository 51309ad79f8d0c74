/** Engine-level helpers for reliability/security suites: flow builders, a recording clock, connection resolvers. */
import {
  type Clock,
  type ConnectionResolver,
  type Flow,
  FlowSchema,
  NodeError,
  type ResolvedConnection,
  type RunOptions,
  type RunRecord,
  runFlow,
} from '../../packages/engine/src/index';
import { createBuiltinCatalog } from '../../packages/nodes/src/index';

export const catalog = createBuiltinCatalog();

export interface NodeSpec {
  id: string;
  type: string;
  config?: Record<string, unknown>;
  retry?: Record<string, unknown>;
  timeoutMs?: number;
  errorPort?: boolean;
}

export interface EdgeSpec {
  from: string;
  to: string;
  fromPort?: string;
}

/** A flow `start` (manual trigger) → the nodes in a chain, unless edges are given. */
export function flowOf(id: string, nodes: NodeSpec[], edges?: EdgeSpec[]): Flow {
  const all: NodeSpec[] = [{ id: 'start', type: 'trigger.manual', config: {} }, ...nodes];
  return FlowSchema.parse({
    schemaVersion: 1,
    id,
    name: id,
    nodes: all.map((n, i) => ({ position: { x: i * 200, y: 0 }, config: {}, ...n })),
    edges: edges ?? all.slice(1).map((n, i) => ({ from: all[i]!.id, to: n.id })),
  });
}

/** A real clock that records every sleep it was asked for (retry backoffs among them). */
export function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const t = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(t);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

type ConnSpec = Omit<ResolvedConnection, 'revision' | 'options'> & Partial<ResolvedConnection>;

/** Connections by name; the revision defaults to the base URL so cached SCIM clients never outlive a server. */
export function connectionsOf(list: ConnSpec[]): ConnectionResolver {
  return {
    async get(name) {
      const c = list.find((x) => x.name === name);
      if (!c) throw new NodeError('CONNECTION_NOT_FOUND', `No connection "${name}".`);
      return { revision: c.baseUrl, options: {}, ...c };
    },
  };
}

/** Runs a flow with the builtin catalog and a manual trigger. */
export function runManual(flow: Flow, data: unknown, options: Partial<RunOptions> = {}): Promise<RunRecord> {
  return runFlow(flow, { catalog, trigger: { kind: 'manual', data }, ...options });
}

export function stepOf(record: RunRecord, nodeId: string) {
  const found = record.steps.find((s) => s.nodeId === nodeId);
  if (!found)
    throw new Error(`no step ${nodeId} in run: ${JSON.stringify(record.steps.map((s) => s.nodeId))}`);
  return found;
}

/** A fast retry policy: no jitter, short delays (Retry-After still wins). */
export const fastRetry = (attempts: number, retryOn?: string[]) => ({
  attempts,
  initialDelayMs: 5,
  maxDelayMs: 20,
  multiplier: 2,
  jitter: false,
  ...(retryOn ? { retryOn } : {}),
});
