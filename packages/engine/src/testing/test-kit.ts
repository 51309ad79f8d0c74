/** Test support (not exported): a manual clock, small node types and a flow builder for engine tests. */
import { z } from 'zod';
import { NodeError } from '../errors';
import type { Flow, FlowEdge, FlowNode } from '../model/flow-schema';
import { type AnyNodeType, type Clock, defineNodeType } from '../node-type';

/** A clock that moves only when told; `sleeps` records every requested delay. */
export class ManualClock implements Clock {
  t = Date.UTC(2026, 0, 1);
  readonly sleeps: number[] = [];
  private timers: { due: number; resolve: () => void }[] = [];

  now = (): number => this.t;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = { due: this.t + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal.reason);
      });
    });
  };

  /** Moves time forward and fires due timers. */
  async advance(ms: number): Promise<void> {
    this.t += ms;
    const due = this.timers.filter((x) => x.due <= this.t);
    this.timers = this.timers.filter((x) => x.due > this.t);
    for (const x of due) x.resolve();
    await flush();
  }

  get pending(): number {
    return this.timers.length;
  }
}

/** A clock whose sleeps return at once (after moving time), for retry tests. */
export class InstantClock implements Clock {
  t = Date.UTC(2026, 0, 1);
  readonly sleeps: number[] = [];
  now = (): number => this.t;
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.t += ms;
  };
}

export async function flush(times = 20): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setImmediate(r));
}

export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const trigger = (type: string, kind: 'manual' | 'call') =>
  defineNodeType(
    {
      type,
      title: type,
      category: 'trigger',
      description: 'test trigger',
      config: z.object({}),
      outputs: [{ id: 'out' }],
      hasInput: false,
      output: {},
      trigger: kind,
    },
    { run: async (ctx) => ({ output: ctx.trigger.data }) },
  );

const base = { category: 'transform' as const, description: 'test', hasInput: true, output: {} };

/** `test.value`: outputs `config.value` on `config.port` (default out). */
export const valueNode = defineNodeType(
  {
    ...base,
    type: 'test.value',
    title: 'Value',
    config: z.object({ value: z.unknown().optional(), port: z.string().optional() }),
    outputs: [{ id: 'out' }, { id: 'a' }, { id: 'b' }],
  },
  { run: async (ctx) => ({ output: ctx.config.value, port: ctx.config.port }) },
);

/** `test.fail`: throws a NodeError for the first `times` attempts (per `key`), then outputs `ok`. */
export function failNode(counts: Map<string, number>) {
  return defineNodeType(
    {
      ...base,
      type: 'test.fail',
      title: 'Fail',
      config: z.object({
        key: z.string().default('k'),
        times: z.number().default(1_000_000),
        code: z.string().default('NODE_FAILED'),
        status: z.number().optional(),
        retryAfterMs: z.number().optional(),
      }),
      outputs: [{ id: 'out' }],
    },
    {
      run: async ({ config }) => {
        const n = (counts.get(config.key) ?? 0) + 1;
        counts.set(config.key, n);
        if (n <= config.times) {
          throw new NodeError(config.code as 'NODE_FAILED', `failure ${n}`, {
            status: config.status,
            retryAfterMs: config.retryAfterMs,
          });
        }
        return { output: 'ok' };
      },
    },
  );
}

/** `test.wait`: never finishes on its own; rejects with the signal's reason. */
export const waitNode = defineNodeType(
  { ...base, type: 'test.wait', title: 'Wait', config: z.object({}), outputs: [{ id: 'out' }] },
  {
    run: (ctx) =>
      new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
  },
);

export function testCatalogTypes(counts = new Map<string, number>()): AnyNodeType[] {
  return [
    trigger('trigger.manual', 'manual'),
    trigger('trigger.call', 'call'),
    valueNode,
    failNode(counts),
    waitNode,
  ];
}

type NodeSpec = Partial<FlowNode> & { id: string; type?: string };

/** Builds a flow: nodes default to `test.value` at increasing positions; edges as `a->b` or `a:port->b`. */
export function makeFlow(nodes: NodeSpec[], edges: string[], extra: Partial<Flow> = {}): Flow {
  return {
    schemaVersion: 1,
    id: 'test-flow',
    name: 'Test flow',
    ...extra,
    nodes: nodes.map((n, i) => ({ type: 'test.value', position: { x: i * 200, y: 0 }, config: {}, ...n })),
    edges: edges.map((e): FlowEdge => {
      const [left, to] = e.split('->') as [string, string];
      const [from, fromPort] = left.split(':') as [string, string | undefined];
      return fromPort ? { from, fromPort, to } : { from, to };
    }),
  };
}
