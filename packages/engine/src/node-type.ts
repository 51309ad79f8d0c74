/** The server half of a node type: `run()` and, for side effects, `plan()`. Node types know no runtime. */
import type { z } from 'zod';
import type { NodeDefinition } from './model/node-definition';
import type { RunRecord, TriggerInfo } from './run-types';

/** What expressions see. */
export interface ExpressionContext {
  trigger: unknown;
  steps: Record<string, unknown>;
  item?: unknown;
  index?: number;
  flow: { id: string; name: string; hash: string };
  run: { id: string; startedAt: string; dryRun: boolean };
}

export interface Clock {
  now(): number;
  /** Resolves after ms, rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A connection as the runtime hands it to a node: base URL, auth with secrets resolved, options. */
export interface ResolvedConnection {
  name: string;
  kind: 'scim' | 'http';
  baseUrl: string;
  auth:
    | { type: 'none' }
    | { type: 'bearer'; token: string }
    | { type: 'basic'; username: string; password: string }
    | { type: 'apiKey'; header: string; value: string }
    | { type: 'oauth2'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
  /** Kind-specific options, e.g. SCIM `updateStyle`, HTTP default headers. */
  options: Record<string, unknown>;
  /** Changes whenever the connection is saved, so clients built from it can be cached by (name, revision). */
  revision: string;
}

export interface ConnectionResolver {
  get(name: string): Promise<ResolvedConnection>;
}

/** Runs a helper flow (trigger `trigger.call`) as a child run. */
export interface SubflowRunner {
  run(
    flowId: string,
    input: unknown,
    options?: { item?: unknown; index?: number; signal?: AbortSignal },
  ): Promise<RunRecord>;
}

export interface NodeContext<C> {
  config: C;
  node: { id: string; type: string; name?: string };
  /** The full expression context at this node (read-only). */
  scope: Readonly<ExpressionContext>;
  trigger: TriggerInfo;
  signal: AbortSignal;
  /** fetch bound to this step's signal. */
  fetch: typeof fetch;
  /**
   * The run's fetch as given in RunOptions (else global fetch), not bound to the step: the same function for every
   * step of runs given the same options. For clients cached across steps, which must pass `signal` on every request.
   */
  runFetch?: typeof fetch;
  clock: Clock;
  log: Logger;
  connections: ConnectionResolver;
  subflows: SubflowRunner;
  dryRun: boolean;
  attempt: number;
  /** Evaluate a JSONata expression against the scope plus extra bindings (control nodes). */
  evaluate(expression: string, extra?: Record<string, unknown>): Promise<unknown>;
}

export interface NodeResult {
  output: unknown;
  /** Output port(s) to emit on; `out` when omitted. */
  port?: string | string[];
  /** Set by flow.respond. */
  response?: RunRecord['response'];
  childRunIds?: string[];
}

export interface NodeType<C extends z.ZodType = z.ZodType> extends NodeDefinition<C> {
  run(ctx: NodeContext<z.output<C>>): Promise<NodeResult>;
  /** Dry runs: the exact operations it would perform, computed from real reads, with nothing written. */
  plan?(ctx: NodeContext<z.output<C>>): Promise<NodeResult>;
}

/** Joins a definition with its implementation; keeps the config type. */
export function defineNodeType<C extends z.ZodType>(
  definition: NodeDefinition<C>,
  impl: Pick<NodeType<C>, 'run' | 'plan'>,
): NodeType<C> {
  return { ...definition, ...impl };
}

// biome-ignore lint/suspicious/noExplicitAny: config types differ per node type; `any` lets one catalog hold them all.
export type AnyNodeType = NodeType<any>;
