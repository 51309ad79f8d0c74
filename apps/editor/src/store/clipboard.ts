/** Copy/paste of selected nodes with the edges between them; pasted nodes get fresh ids and an offset. */
import type { FlowEdge, FlowNode } from '@idflow/engine/model';
import type { NodeTypeInfo } from '../api/schemas';
import { uniqueNodeId } from '../canvas/ids';
import { edgeToLink, linkToEdge, nodeToCard } from '../canvas/mappers';
import type { CardNode, LinkEdge } from '../canvas/types';

export interface Clip {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** How many times it was pasted, to offset each paste further. */
  pastes: number;
}

export function copySelection(nodes: CardNode[], edges: LinkEdge[]): Clip | null {
  const picked = nodes.filter((n) => n.selected).map((n) => n.data.node);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((n) => n.id));
  const inner = edges.map(linkToEdge).filter((e) => ids.has(e.from) && ids.has(e.to));
  return { nodes: structuredClone(picked), edges: structuredClone(inner), pastes: 0 };
}

/**
 * New cards and edges for a paste: ids made unique, positions offset, triggers dropped when the flow has one.
 * @example pasteClip(clip, current, typeOf).nodes.map((n) => n.id) // ['find-2']
 */
export function pasteClip(
  clip: Clip,
  existing: CardNode[],
  typeOf: (type: string) => NodeTypeInfo | undefined,
): { nodes: CardNode[]; edges: LinkEdge[] } {
  clip.pastes += 1;
  const offset = 40 * clip.pastes;
  const taken = new Set(existing.map((n) => n.id));
  let hasTrigger = existing.some((n) => typeOf(n.data.node.type)?.hasInput === false);
  const rename = new Map<string, string>();
  const nodes: CardNode[] = [];
  for (const n of clip.nodes) {
    const isTrigger = typeOf(n.type)?.hasInput === false;
    if (isTrigger && hasTrigger) continue;
    if (isTrigger) hasTrigger = true;
    const id = uniqueNodeId(n.id.replace(/-\d+$/, ''), taken);
    taken.add(id);
    rename.set(n.id, id);
    const node: FlowNode = {
      ...structuredClone(n),
      id,
      position: { x: n.position.x + offset, y: n.position.y + offset },
    };
    nodes.push({ ...nodeToCard(node), selected: true });
  }
  const edges = clip.edges
    .filter((e) => rename.has(e.from) && rename.has(e.to))
    .map((e) => edgeToLink({ ...e, from: rename.get(e.from)!, to: rename.get(e.to)! }));
  return { nodes, edges };
}
