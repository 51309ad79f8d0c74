/** Undo/redo stacks of graph snapshots (immutable arrays, so a snapshot is two references). */
import type { CardNode, FlowMeta, LinkEdge } from '../canvas/types';

export interface Snapshot {
  nodes: CardNode[];
  edges: LinkEdge[];
  /** Only on steps that also replaced the flow's name and settings (restoring a saved version). */
  meta?: FlowMeta;
}

export interface History {
  past: Snapshot[];
  future: Snapshot[];
}

const LIMIT = 100;

export function pushPast(h: History, snap: Snapshot): History {
  const past = [...h.past, snap];
  if (past.length > LIMIT) past.shift();
  return { past, future: [] };
}

export function undoStep(h: History, current: Snapshot): { history: History; snap: Snapshot } | null {
  const snap = h.past[h.past.length - 1];
  if (!snap) return null;
  return { history: { past: h.past.slice(0, -1), future: [current, ...h.future] }, snap };
}

export function redoStep(h: History, current: Snapshot): { history: History; snap: Snapshot } | null {
  const snap = h.future[0];
  if (!snap) return null;
  return { history: { past: [...h.past, current], future: h.future.slice(1) }, snap };
}
