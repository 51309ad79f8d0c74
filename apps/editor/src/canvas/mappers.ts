/** Pure mappers between the flow file and React Flow nodes/edges; a round trip leaves the file unchanged. */
import type { Flow, FlowEdge, FlowNode } from '@idflow/engine/model';
import { type CardNode, DEFAULT_PORT, type FlowMeta, INPUT_HANDLE, type LinkEdge } from './types';

/** Stable React Flow edge id for a flow edge. */
export function edgeId(from: string, port: string | undefined, to: string): string {
  return `${from}:${port ?? DEFAULT_PORT}->${to}`;
}

export function nodeToCard(node: FlowNode): CardNode {
  return { id: node.id, type: 'card', position: { ...node.position }, data: { node } };
}

export function edgeToLink(edge: FlowEdge): LinkEdge {
  return {
    id: edgeId(edge.from, edge.fromPort, edge.to),
    source: edge.from,
    sourceHandle: edge.fromPort ?? DEFAULT_PORT,
    target: edge.to,
    targetHandle: INPUT_HANDLE,
    label: edge.fromPort && edge.fromPort !== DEFAULT_PORT ? edge.fromPort : undefined,
    data: { edge },
  };
}

/**
 * Splits a flow into its metadata and React Flow graph.
 * @example const { meta, nodes, edges } = flowToGraph(flow);
 */
export function flowToGraph(flow: Flow): { meta: FlowMeta; nodes: CardNode[]; edges: LinkEdge[] } {
  const { nodes, edges, ...meta } = flow;
  return { meta, nodes: nodes.map(nodeToCard), edges: edges.map(edgeToLink) };
}

export function cardToNode(card: CardNode): FlowNode {
  const position = { x: Math.round(card.position.x), y: Math.round(card.position.y) };
  const node = card.data.node;
  if (node.position.x === position.x && node.position.y === position.y) return node;
  return { ...node, position };
}

export function linkToEdge(link: LinkEdge): FlowEdge {
  const port = link.sourceHandle ?? DEFAULT_PORT;
  const prev = link.data?.edge;
  if (
    prev &&
    prev.from === link.source &&
    prev.to === link.target &&
    (prev.fromPort ?? DEFAULT_PORT) === port
  ) {
    return prev;
  }
  const edge: FlowEdge = { from: link.source, to: link.target };
  if (port !== DEFAULT_PORT) return { from: link.source, fromPort: port, to: link.target };
  return edge;
}

/**
 * Rebuilds the flow file from metadata and the React Flow graph (integer positions, untouched node fields).
 * @example const flow = graphToFlow(meta, nodes, edges);
 */
export function graphToFlow(meta: FlowMeta, nodes: CardNode[], edges: LinkEdge[]): Flow {
  return { ...meta, nodes: nodes.map(cardToNode), edges: edges.map(linkToEdge) };
}
