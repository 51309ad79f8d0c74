/** Executor types: run options, limits, and the compiled form of a flow. */
import type { ConfigResolver } from '../expressions/resolve-config';
import type { Catalog } from '../model/catalog';
import type { Flow, FlowNode } from '../model/flow-schema';
import type { Issue } from '../model/issues';
import type { AnyNodeType, Clock, ConnectionResolver, Logger } from '../node-type';
import type { RunEvent, RunRecord, StepRecord, TriggerInfo } from '../run-types';

export interface RunLimits {
  /** Node runs in flight at once in this run (default: flow settings, else 8). */
  concurrency?: number;
  /** Whole-run timeout (default: flow settings, else none). */
  runTimeoutMs?: number;
  /** Per expression evaluation (default 1000). */
  expressionTimeoutMs?: number;
  /** Step outputs larger than this are recorded as a preview with `truncated: true` (default 64 KB). */
  outputCapBytes?: number;
  /** The run record's `output` is capped the same way (`outputTruncated`); default `outputCapBytes`. */
  runOutputCapBytes?: number;
  /** Helper-flow nesting limit (default 8). */
  maxSubflowDepth?: number;
}

export interface RunOptions {
  catalog: Pick<Catalog<AnyNodeType>, 'get'>;
  trigger: TriggerInfo;
  runId?: string;
  signal?: AbortSignal;
  clock?: Clock;
  ids?: () => string;
  /** Jitter source for retry backoff (default Math.random). */
  random?: () => number;
  fetch?: typeof fetch;
  log?: Logger;
  connections?: ConnectionResolver;
  /**
   * Loads helper flows for `ctx.subflows.run`; asked once per flow id per parent run. Returning a CompiledFlow
   * (or the same Flow object) skips validation; a fresh Flow object is compiled once per content (cached).
   */
  resolveFlow?: (flowId: string) => Promise<Flow | CompiledFlow>;
  onEvent?: (event: RunEvent) => void;
  /** Receives each child run record (helper flows); the parent step keeps a count and the first ids. */
  onChildRun?: (record: RunRecord) => void | Promise<void>;
  dryRun?: boolean;
  /** Reuse the outputs of nodes outside `nodeId`'s downstream; run `nodeId` and everything after it. */
  resumeFrom?: { nodeId: string; steps: StepRecord[] };
  /** Secret values to redact from step inputs, outputs and errors. */
  secrets?: () => string[];
  limits?: RunLimits;
  flowVersion?: number;
  parentRunId?: string;
  rerunOf?: string;
  queuedAt?: string;
  /** Helper-flow nesting depth; set by the executor for child runs. */
  depth?: number;
  /** `item` and `index` for a helper-flow run for each item; set by the executor for child runs. */
  item?: unknown;
  index?: number;
}

export interface CompiledEdge {
  from: number;
  to: number;
  port: string;
}

export interface CompiledNode {
  index: number;
  id: string;
  node: FlowNode;
  /** `ctx.node`, shared by every step of this node. */
  publicNode: { id: string; type: string; name?: string };
  type: AnyNodeType;
  config: ConfigResolver;
  /** For static configs: the parsed config, or the error parsing it gave. */
  staticConfig?: { ok: true; value: unknown } | { ok: false; error: Error };
  /** The static config as step records keep it (no secrets given), made on first use (run-step.ts). */
  recordedInput?: { capBytes: number; recorded: { value: unknown; truncated?: true } };
  outEdges: CompiledEdge[];
  inCount: number;
  /** errorPort true and an edge leaves its `error` port. */
  handlesErrors: boolean;
  isTrigger: boolean;
}

export interface CompiledFlow {
  kind: 'compiled-flow';
  flow: Flow;
  hash: string;
  nodes: CompiledNode[];
  byId: Map<string, CompiledNode>;
  /** Node indices in topological order. */
  order: number[];
  trigger: number;
  /** No node has two outgoing edges: at most one node of a run is in flight at a time. */
  sequential: boolean;
  expressionTimeoutMs: number;
  warnings: Issue[];
}
