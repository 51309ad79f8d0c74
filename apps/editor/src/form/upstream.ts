/** Upstream output fields a config field can map from: declared output shapes plus the last run's actual data. */
import type { FlowEdge, FlowNode, OutputShape } from '@idflow/engine/model';
import type { NodeTypeInfo } from '../api/schemas';
import { pathStep } from './expression';

export interface PickField {
  /** Display path, e.g. `body.email`. */
  path: string;
  /** Expression to insert, e.g. `=steps.find.found` or `=trigger.body.email`. */
  expression: string;
  type?: string;
  /** From the last run's data rather than the declared shape. */
  fromRun?: boolean;
}

export interface PickGroup {
  nodeId: string;
  label: string;
  isTrigger: boolean;
  fields: PickField[];
}

/** Ids of every node upstream of `nodeId` (transitive predecessors), nearest first. */
export function upstreamOf(nodeId: string, edges: readonly FlowEdge[]): string[] {
  const out: string[] = [];
  const seen = new Set([nodeId]);
  const queue = [nodeId];
  while (queue.length > 0) {
    const cur = queue.shift()!;
    for (const e of edges) {
      if (e.to === cur && !seen.has(e.from)) {
        seen.add(e.from);
        out.push(e.from);
        queue.push(e.from);
      }
    }
  }
  return out;
}

const MAX_DEPTH = 4;
const MAX_FIELDS = 80;

function shapeFields(
  shape: OutputShape | undefined,
  prefix: string[],
  out: [string[], string | undefined][],
): void {
  if (!shape || prefix.length > MAX_DEPTH || out.length >= MAX_FIELDS) return;
  if (shape.properties) {
    for (const [k, v] of Object.entries(shape.properties)) {
      out.push([[...prefix, k], v.type]);
      shapeFields(v, [...prefix, k], out);
    }
  } else if (shape.type === 'array' && shape.items?.properties) {
    shapeFields(shape.items, [...prefix.slice(0, -1), `${prefix[prefix.length - 1] ?? ''}[0]`], out);
  }
}

function valueFields(value: unknown, prefix: string[], out: [string[], string | undefined][]): void {
  if (prefix.length > MAX_DEPTH || out.length >= MAX_FIELDS || value === null || typeof value !== 'object')
    return;
  if (Array.isArray(value)) {
    if (prefix.length > 0 && value.length > 0) {
      valueFields(value[0], [...prefix.slice(0, -1), `${prefix[prefix.length - 1]}[0]`], out);
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    out.push([[...prefix, k], Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v]);
    valueFields(v, [...prefix, k], out);
  }
}

function toExpression(root: string[], segments: string[]): string {
  const steps = segments.map((s) => {
    const m = /^(.*)\[0\]$/.exec(s);
    return m ? `${pathStep(m[1]!)}[0]` : pathStep(s);
  });
  return `=${[...root, ...steps].join('.')}`;
}

/**
 * Groups of pickable fields for the node's upstream nodes.
 * @example pickGroups('create', flow.nodes, flow.edges, typeOf, { trigger: {...}, steps: {...} })
 */
export function pickGroups(
  nodeId: string,
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  typeOf: (type: string) => NodeTypeInfo | undefined,
  runData?: { trigger?: unknown; steps?: Record<string, unknown> },
): PickGroup[] {
  const groups: PickGroup[] = [];
  for (const id of upstreamOf(nodeId, edges)) {
    const node = nodes.find((n) => n.id === id);
    if (!node) continue;
    const info = typeOf(node.type);
    const isTrigger = info ? !info.hasInput : false;
    const root = isTrigger ? ['trigger'] : ['steps', pathStep(id)];
    const declared: [string[], string | undefined][] = [];
    shapeFields(info?.output as OutputShape | undefined, [], declared);
    const actual: [string[], string | undefined][] = [];
    valueFields(isTrigger ? runData?.trigger : runData?.steps?.[id], [], actual);
    const fields: PickField[] = [];
    const seen = new Set<string>();
    for (const [segs, type] of declared) {
      seen.add(segs.join('.'));
      fields.push({ path: segs.join('.'), expression: toExpression(root, segs), type });
    }
    for (const [segs, type] of actual) {
      if (seen.has(segs.join('.'))) continue;
      fields.push({ path: segs.join('.'), expression: toExpression(root, segs), type, fromRun: true });
    }
    if (!isTrigger) fields.unshift({ path: '(whole output)', expression: toExpression(root, []) });
    groups.push({ nodeId: id, label: node.name ?? info?.title ?? id, isTrigger, fields });
  }
  return groups;
}
