/** Pure, readable diff between two flow files: flow fields, nodes added/removed/changed (field by field), edges. */
import type { Flow, FlowEdge, FlowNode } from '@idflow/engine/model';

/** One changed value; `path` is dotted (`config.user.userName`), `undefined` means absent on that side. */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface NodeRef {
  id: string;
  name?: string;
  type: string;
}

export interface NodeDiff extends NodeRef {
  changes: FieldChange[];
}

export interface FlowDiff {
  /** Flow-level fields (name, description, settings...). */
  flow: FieldChange[];
  nodesAdded: NodeRef[];
  nodesRemoved: NodeRef[];
  nodesChanged: NodeDiff[];
  edgesAdded: FlowEdge[];
  edgesRemoved: FlowEdge[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of JSON values (key order does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** Changes between two values: objects are walked key by key, anything else (arrays too) compared whole. */
function fieldChanges(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (sameValue(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) fieldChanges(before[k], after[k], path ? `${path}.${k}` : k, out);
    return;
  }
  out.push({ path, before, after });
}

const nodeRef = (n: FlowNode): NodeRef => ({ id: n.id, name: n.name, type: n.type });
const edgeKey = (e: FlowEdge) => `${e.from}:${e.fromPort ?? 'out'}->${e.to}`;

/**
 * What changed from `before` to `after`, keyed by stable node ids (a rename is a change, not remove + add).
 * @example diffFlows(oldVersion, current).nodesChanged[0].changes // [{ path: 'config.url', before: 'a', after: 'b' }]
 */
export function diffFlows(before: Flow, after: Flow): FlowDiff {
  const { nodes: bNodes, edges: bEdges, ...bMeta } = before;
  const { nodes: aNodes, edges: aEdges, ...aMeta } = after;
  const flow: FieldChange[] = [];
  fieldChanges(bMeta, aMeta, '', flow);

  const bById = new Map(bNodes.map((n) => [n.id, n]));
  const aById = new Map(aNodes.map((n) => [n.id, n]));
  const nodesChanged: NodeDiff[] = [];
  for (const n of aNodes) {
    const old = bById.get(n.id);
    if (!old) continue;
    const changes: FieldChange[] = [];
    const { position: before, ...oldRest } = old;
    const { position: after, ...rest } = n;
    // A moved node is one change (`position`), as it is one line of the canonical file, not an x and a y.
    if (!sameValue(before, after)) changes.push({ path: 'position', before, after });
    fieldChanges(oldRest, rest, '', changes);
    if (changes.length > 0) nodesChanged.push({ ...nodeRef(n), changes });
  }

  const bEdgeKeys = new Set(bEdges.map(edgeKey));
  const aEdgeKeys = new Set(aEdges.map(edgeKey));
  return {
    flow,
    nodesAdded: aNodes.filter((n) => !bById.has(n.id)).map(nodeRef),
    nodesRemoved: bNodes.filter((n) => !aById.has(n.id)).map(nodeRef),
    nodesChanged,
    edgesAdded: aEdges.filter((e) => !bEdgeKeys.has(edgeKey(e))),
    edgesRemoved: bEdges.filter((e) => !aEdgeKeys.has(edgeKey(e))),
  };
}

/** True when the two flows are the same file content. */
export function isEmptyDiff(d: FlowDiff): boolean {
  return (
    d.flow.length + d.nodesAdded.length + d.nodesRemoved.length + d.nodesChanged.length === 0 &&
    d.edgesAdded.length + d.edgesRemoved.length === 0
  );
}

/** A value for one line of text: JSON, cut at `max` characters; absent → `(none)`. */
export function formatValue(value: unknown, max = 120): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `find-user (Find user)` or just the id when the node has no name. */
export function nodeLabel(n: NodeRef): string {
  return n.name && n.name !== n.id ? `${n.id} (${n.name})` : n.id;
}

/** `a → b` or `a [error] → b` for a non-default port. */
export function edgeLabel(e: FlowEdge): string {
  return `${e.from}${e.fromPort && e.fromPort !== 'out' ? ` [${e.fromPort}]` : ''} → ${e.to}`;
}

/** Counts for a one-line heading, e.g. `1 node added, 2 nodes changed, 1 edge removed`. */
export function diffSummary(d: FlowDiff): string {
  const parts: string[] = [];
  const add = (n: number, what: string, how: string) => {
    if (n > 0) parts.push(`${n} ${what}${n === 1 ? '' : 's'} ${how}`);
  };
  add(d.flow.length, 'flow field', 'changed');
  add(d.nodesAdded.length, 'node', 'added');
  add(d.nodesRemoved.length, 'node', 'removed');
  add(d.nodesChanged.length, 'node', 'changed');
  add(d.edgesAdded.length, 'edge', 'added');
  add(d.edgesRemoved.length, 'edge', 'removed');
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}
