/** Human summary of what changed between two versions of a flow ("name changed; 2 nodes changed (find, create); 1 edge added"). */
import type { Flow, FlowEdge } from '@idflow/engine';

const MAX_IDS = 5;

/**
 * @example
 * summarizeFlowChange(undefined, flow) // "created"
 * summarizeFlowChange(before, after)   // "name changed; 1 node added (notify); 1 edge added"
 */
export function summarizeFlowChange(prev: Flow | undefined, next: Flow): string {
  if (!prev) return 'created';
  const parts: string[] = [];
  if (prev.name !== next.name) parts.push('name changed');
  if ((prev.description ?? '') !== (next.description ?? '')) parts.push('description changed');
  if (stable(prev.settings) !== stable(next.settings)) parts.push('settings changed');

  const before = new Map(prev.nodes.map((n) => [n.id, stable(n)]));
  const after = new Map(next.nodes.map((n) => [n.id, stable(n)]));
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const changed = [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id));
  parts.push(
    ...count('node', 'added', added),
    ...count('node', 'removed', removed),
    ...count('node', 'changed', changed),
  );

  const edgesBefore = new Set(prev.edges.map(edgeKey));
  const edgesAfter = new Set(next.edges.map(edgeKey));
  const edgesAdded = [...edgesAfter].filter((k) => !edgesBefore.has(k)).length;
  const edgesRemoved = [...edgesBefore].filter((k) => !edgesAfter.has(k)).length;
  if (edgesAdded) parts.push(`${edgesAdded} ${plural('edge', edgesAdded)} added`);
  if (edgesRemoved) parts.push(`${edgesRemoved} ${plural('edge', edgesRemoved)} removed`);

  return parts.length > 0 ? parts.join('; ') : 'no visible change';
}

function count(noun: string, verb: string, ids: string[]): string[] {
  if (ids.length === 0) return [];
  const shown = ids.slice(0, MAX_IDS).join(', ') + (ids.length > MAX_IDS ? ', …' : '');
  return [`${ids.length} ${plural(noun, ids.length)} ${verb} (${shown})`];
}

function plural(noun: string, n: number): string {
  return n === 1 ? noun : `${noun}s`;
}

function edgeKey(e: FlowEdge): string {
  return `${e.from}:${e.fromPort ?? 'out'}->${e.to}`;
}

/** JSON with sorted keys, so key order never counts as a change. */
function stable(value: unknown): string {
  return (
    JSON.stringify(value, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
          )
        : v,
    ) ?? ''
  );
}
