/** Test helpers: build small flows around one node, run them with the real engine, resolve connections. */
import {
  type ConnectionResolver,
  type Flow,
  type FlowInput,
  FlowSchema,
  NodeError,
  type ResolvedConnection,
  type RunOptions,
  type RunRecord,
  runFlow,
} from '@idflow/engine';
import { createBuiltinCatalog } from '../src/index';

export const catalog = createBuiltinCatalog();

type NodeSpec = Omit<FlowInput['nodes'][number], 'position'> & { position?: { x: number; y: number } };

/** A flow `start` (manual trigger) → nodes in a chain, unless edges are given. */
export function flowOf(nodes: NodeSpec[], edges?: FlowInput['edges'], id = 'test-flow'): Flow {
  const all = [{ id: 'start', type: 'trigger.manual', config: {} }, ...nodes];
  return FlowSchema.parse({
    schemaVersion: 1,
    id,
    name: id,
    nodes: all.map((n, i) => ({ position: { x: i * 200, y: 0 }, ...n })),
    edges: edges ?? all.slice(1).map((n, i) => ({ from: all[i]!.id, to: n.id })),
  });
}

/** Runs a flow with the builtin catalog and a manual trigger. */
export function run(flow: Flow, data: unknown = {}, options: Partial<RunOptions> = {}): Promise<RunRecord> {
  // A generous expression budget: a cold first JSONata evaluation on a loaded CI machine is not what we test.
  return runFlow(flow, {
    catalog,
    trigger: { kind: 'manual', data },
    limits: { expressionTimeoutMs: 10_000 },
    ...options,
  });
}

export function step(record: RunRecord, nodeId: string) {
  const found = record.steps.find((s) => s.nodeId === nodeId);
  if (!found)
    throw new Error(`no step ${nodeId} in run: ${JSON.stringify(record.steps.map((s) => s.nodeId))}`);
  return found;
}

/** Connections by name, with a fixed revision. */
export function connections(
  list: Array<Omit<ResolvedConnection, 'revision' | 'options'> & Partial<ResolvedConnection>>,
): ConnectionResolver {
  return {
    async get(name) {
      const c = list.find((x) => x.name === name);
      if (!c) throw new NodeError('CONNECTION_NOT_FOUND', `No connection "${name}".`);
      return { revision: '1', options: {}, ...c };
    },
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

/** Wraps the real fetch and records each request's method, path and JSON body. */
export function recordingFetch(): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const text = typeof init?.body === 'string' ? init.body : undefined;
    requests.push({
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.pathname + url.search,
      body: text === undefined ? undefined : safeJson(text),
    });
    return fetch(input, init);
  };
  return { fetch: wrapped, requests };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A SCIM sandbox on a random port plus the matching `sandbox` connection and a recording fetch. */
export async function startScimEnv(options: { updateStyle?: string } = {}) {
  const { startSandbox } = await import('scim-sandbox');
  const sandbox = await startSandbox({ token: 'test-token', port: 0 });
  const recorder = recordingFetch();
  const conns = connections([
    {
      name: 'sandbox',
      kind: 'scim',
      baseUrl: sandbox.url,
      auth: { type: 'bearer', token: 'test-token' },
      // A fresh revision per sandbox, so cached clients never point at a closed server.
      revision: sandbox.url,
      options: options.updateStyle ? { updateStyle: options.updateStyle } : {},
    },
  ]);
  return {
    sandbox,
    requests: recorder.requests,
    /** Requests other than reads, since the last `reset()`. */
    writes: () => recorder.requests.filter((r) => r.method !== 'GET'),
    reset: () => {
      recorder.requests.length = 0;
    },
    run: (flow: Flow, data: unknown = {}, extra: Partial<RunOptions> = {}) =>
      run(flow, data, { connections: conns, fetch: recorder.fetch, ...extra }),
    userByName: (userName: string) =>
      sandbox.store.listUsers().find((u) => String(u.userName).toLowerCase() === userName.toLowerCase()),
    groupByName: (name: string) => sandbox.store.listGroups().find((g) => g.displayName === name),
  };
}
