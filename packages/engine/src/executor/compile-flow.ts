/** compileFlow: validates a flow once per version and precomputes its graph and expressions (cached by hash). */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { FlowValidationError, NodeError } from '../errors';
import { DEFAULT_EXPRESSION_TIMEOUT_MS } from '../expressions/compile-expression';
import { compileConfig } from '../expressions/resolve-config';
import { flowHash } from '../model/canonical-json';
import { type Catalog, isTriggerDefinition } from '../model/catalog';
import type { Flow } from '../model/flow-schema';
import { topologicalOrder } from '../model/graph';
import { validateFlow } from '../model/validate-flow';
import type { AnyNodeType } from '../node-type';
import type { CompiledEdge, CompiledFlow, CompiledNode } from './types';

type AnyCatalog = Pick<Catalog<AnyNodeType>, 'get'>;

const byObject = new WeakMap<AnyCatalog, WeakMap<object, Map<number, CompiledFlow>>>();
const byHash = new WeakMap<AnyCatalog, Map<string, CompiledFlow>>();
/** By a digest of the flow object's plain JSON text: a fresh copy of a known flow skips validation and hashing. */
const byText = new WeakMap<AnyCatalog, Map<string, CompiledFlow>>();
const HASH_CACHE_LIMIT = 500;

export function isCompiledFlow(value: unknown): value is CompiledFlow {
  return (value as CompiledFlow | null)?.kind === 'compiled-flow';
}

function parseStatic(type: AnyNodeType, value: unknown): CompiledNode['staticConfig'] {
  const parsed = (type.config as z.ZodType).safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: new NodeError(
      'CONFIG_INVALID',
      `Config is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      {
        details: { issues: parsed.error.issues },
        retryable: false,
      },
    ),
  };
}

function build(
  flow: Flow,
  hash: string,
  catalog: AnyCatalog,
  timeoutMs: number,
  warnings: CompiledFlow['warnings'],
) {
  const index = new Map(flow.nodes.map((n, i) => [n.id, i]));
  const nodes: CompiledNode[] = flow.nodes.map((node, i) => {
    const type = catalog.get(node.type)!;
    const config = compileConfig(node.config, timeoutMs, `nodes.${node.id}.config`);
    return {
      index: i,
      id: node.id,
      node,
      publicNode: Object.freeze({ id: node.id, type: node.type, name: node.name }),
      type,
      config,
      staticConfig: config.isStatic ? parseStatic(type, config.value) : undefined,
      outEdges: [],
      inCount: 0,
      handlesErrors: false,
      isTrigger: isTriggerDefinition(type),
    };
  });
  for (const e of flow.edges) {
    const edge: CompiledEdge = { from: index.get(e.from)!, to: index.get(e.to)!, port: e.fromPort ?? 'out' };
    const source = nodes[edge.from]!;
    source.outEdges.push(edge);
    nodes[edge.to]!.inCount++;
    if (edge.port === 'error' && source.node.errorPort) source.handlesErrors = true;
  }
  const order = topologicalOrder(
    flow.nodes.map((n) => n.id),
    flow.edges,
  ).map((id) => index.get(id)!);
  const compiled: CompiledFlow = {
    kind: 'compiled-flow',
    flow,
    hash,
    nodes,
    byId: new Map(nodes.map((n) => [n.id, n])),
    order,
    trigger: nodes.findIndex((n) => n.isTrigger),
    sequential: nodes.every((n) => n.outEdges.length <= 1),
    expressionTimeoutMs: timeoutMs,
    warnings,
  };
  return compiled;
}

/**
 * Validates and compiles a flow for running. Throws FlowValidationError listing every problem. Results are
 * cached per catalog by flow object and by flow hash, so child runs and repeated runs compile nothing.
 * @example const compiled = compileFlow(flow, catalog); await runFlow(compiled, { catalog, trigger })
 */
export function compileFlow(
  flow: unknown,
  catalog: AnyCatalog,
  options: { expressionTimeoutMs?: number } = {},
): CompiledFlow {
  if (isCompiledFlow(flow)) return flow;
  const timeoutMs = options.expressionTimeoutMs ?? DEFAULT_EXPRESSION_TIMEOUT_MS;
  let objects = byObject.get(catalog);
  if (!objects) {
    objects = new WeakMap();
    byObject.set(catalog, objects);
  }
  const isObject = flow !== null && typeof flow === 'object';
  const hit = isObject ? objects.get(flow)?.get(timeoutMs) : undefined;
  if (hit) return hit;
  let texts = byText.get(catalog);
  if (!texts) {
    texts = new Map();
    byText.set(catalog, texts);
  }
  const textKey = isObject ? textDigest(flow, timeoutMs) : undefined;
  const sameText = textKey === undefined ? undefined : texts.get(textKey);
  if (sameText) {
    remember(objects, flow as object, timeoutMs, sameText);
    return sameText;
  }

  const result = validateFlow(flow, catalog);
  if (!result.ok) throw new FlowValidationError(result.errors);
  const hash = flowHash(result.flow, catalog);
  let hashes = byHash.get(catalog);
  if (!hashes) {
    hashes = new Map();
    byHash.set(catalog, hashes);
  }
  const key = `${hash}:${timeoutMs}`;
  let compiled = hashes.get(key);
  if (!compiled) {
    compiled = build(result.flow, hash, catalog, timeoutMs, result.warnings);
    if (hashes.size >= HASH_CACHE_LIMIT) hashes.delete(hashes.keys().next().value as string);
    hashes.set(key, compiled);
  }
  if (textKey !== undefined) {
    if (texts.size >= HASH_CACHE_LIMIT) texts.delete(texts.keys().next().value as string);
    texts.set(textKey, compiled);
  }
  if (isObject) remember(objects, flow, timeoutMs, compiled);
  return compiled;
}

function textDigest(flow: object, timeoutMs: number): string | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(flow);
  } catch {
    return undefined;
  }
  if (text === undefined) return undefined;
  return `${createHash('sha1').update(text).digest('base64')}:${text.length}:${timeoutMs}`;
}

function remember(
  objects: WeakMap<object, Map<number, CompiledFlow>>,
  flow: object,
  timeoutMs: number,
  compiled: CompiledFlow,
): void {
  let perTimeout = objects.get(flow);
  if (!perTimeout) {
    perTimeout = new Map();
    objects.set(flow, perTimeout);
  }
  perTimeout.set(timeoutMs, compiled);
}
