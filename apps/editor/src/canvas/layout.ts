/** Left-to-right auto layout with dagre; returns integer positions by node id. */
import { graphlib, layout } from '@dagrejs/dagre';
import type { FlowEdge, FlowNode } from '@idflow/engine/model';

export const CARD_WIDTH = 240;
export const CARD_HEIGHT = 96;

/**
 * @example const pos = layoutLeftToRight(flow.nodes, flow.edges); pos.get('hire') // { x: 0, y: 40 }
 */
export function layoutLeftToRight(
  nodes: readonly Pick<FlowNode, 'id'>[],
  edges: readonly Pick<FlowEdge, 'from' | 'to'>[],
): Map<string, { x: number; y: number }> {
  const g = new graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: CARD_WIDTH, height: CARD_HEIGHT });
  for (const e of edges) if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to);
  layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const p = g.node(n.id);
    if (p) out.set(n.id, { x: Math.round(p.x - CARD_WIDTH / 2), y: Math.round(p.y - CARD_HEIGHT / 2) });
  }
  return out;
}
