/** React Flow node and edge types used by the canvas; each carries the untouched flow-file object. */
import type { Flow, FlowEdge, FlowNode } from '@idflow/engine/model';
import type { Edge, Node } from '@xyflow/react';

export interface CardData extends Record<string, unknown> {
  /** The flow-file node as loaded; everything but `position` is edited here and written back as is. */
  node: FlowNode;
}
export type CardNode = Node<CardData, 'card'>;

export interface LinkData extends Record<string, unknown> {
  /** The flow-file edge as loaded, reused on save so `fromPort: "out"` vs omitted is preserved. */
  edge: FlowEdge;
}
export type LinkEdge = Edge<LinkData>;

/** Everything in a flow file except its graph. */
export type FlowMeta = Omit<Flow, 'nodes' | 'edges'>;

export const DEFAULT_PORT = 'out';
export const INPUT_HANDLE = 'in';
export const ERROR_PORT = 'error';
