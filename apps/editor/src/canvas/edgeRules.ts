/** Which new edges the canvas accepts: no self-loops, cycles, duplicates, edges into triggers or unknown ports. */
import type { FlowEdge, FlowNode } from '@idflow/engine/model';
import type { NodeTypeInfo } from '../api/schemas';
import { hasInput, outputPorts } from './ports';
import { DEFAULT_PORT } from './types';

export interface Proposed {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
}

export type EdgeVerdict = { ok: true; edge: FlowEdge } | { ok: false; reason: string };

/** True when `to` can reach `from` through existing edges, so from→to would close a cycle. */
export function wouldCycle(edges: readonly FlowEdge[], from: string, to: string): boolean {
  if (from === to) return true;
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from);
    if (list) list.push(e.to);
    else next.set(e.from, [e.to]);
  }
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    if (cur === from) return true;
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const n of next.get(cur) ?? []) stack.push(n);
  }
  return false;
}

/**
 * Decides whether a dragged connection may become an edge, with a message that says why not.
 * @example checkConnection({ source: 'a', sourceHandle: 'out', target: 'b' }, nodes, edges, typeOf)
 */
export function checkConnection(
  c: Proposed,
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  typeOf: (type: string) => NodeTypeInfo | undefined,
): EdgeVerdict {
  if (!c.source || !c.target) return { ok: false, reason: 'Drop the connection on a node.' };
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  if (!source || !target) return { ok: false, reason: 'That node no longer exists.' };
  if (source.id === target.id) return { ok: false, reason: 'A node cannot connect to itself.' };
  const targetInfo = typeOf(target.type);
  if (!hasInput(targetInfo)) {
    return { ok: false, reason: `"${target.name ?? target.id}" is a trigger: triggers have no input.` };
  }
  const port = c.sourceHandle || DEFAULT_PORT;
  const ports = outputPorts(source, typeOf(source.type));
  if (!ports.some((p) => p.id === port)) {
    return { ok: false, reason: `"${source.name ?? source.id}" has no output port "${port}".` };
  }
  if (
    edges.some((e) => e.from === source.id && e.to === target.id && (e.fromPort ?? DEFAULT_PORT) === port)
  ) {
    return { ok: false, reason: 'These nodes are already connected on that port.' };
  }
  if (wouldCycle(edges, source.id, target.id)) {
    return {
      ok: false,
      reason: `Connecting "${source.name ?? source.id}" to "${target.name ?? target.id}" would make a cycle; flows are acyclic (use control.forEach for loops).`,
    };
  }
  const edge: FlowEdge =
    port === DEFAULT_PORT
      ? { from: source.id, to: target.id }
      : { from: source.id, fromPort: port, to: target.id };
  return { ok: true, edge };
}
