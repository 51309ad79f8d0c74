/** Semantic diff of two flows: which nodes, edges and config fields differ (not a text diff). Pure. */

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** JSON path inside the flow or the node, e.g. `config.user.userName`, `settings.timeoutMs`. */
  path: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
}

export interface NodeChange {
  id: string;
  changes: FieldChange[];
}

export interface EdgeRef {
  from: string;
  fromPort: string;
  to: string;
}

export interface FlowDiff {
  equal: boolean;
  /** Flow-level fields (name, description, settings, ...); `nodes`, `edges` and `$schema` are left out. */
  fields: FieldChange[];
  nodes: { added: string[]; removed: string[]; changed: NodeChange[] };
  edges: { added: EdgeRef[]; removed: EdgeRef[] };
}

export interface DiffOptions {
  /** Leave out node `position` changes (layout only). */
  ignorePositions?: boolean;
}

interface NodeLike {
  id: string;
  [key: string]: unknown;
}
interface EdgeLike {
  from: string;
  fromPort?: string;
  to: string;
}
/** The parts of a flow the diff reads; a parsed Flow fits. */
export interface DiffableFlow {
  nodes: readonly NodeLike[];
  edges: readonly EdgeLike[];
  [key: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (part.startsWith('[')) return `${base}${part}`;
  return base ? `${base}.${part}` : part;
}

/**
 * Field-level differences between two JSON values, descending into objects and arrays of equal length.
 * @example diffValues({ a: 1 }, { a: 2 }) // [{ path: 'a', kind: 'changed', before: 1, after: 2 }]
 */
export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ path, kind: 'added', after }];
  if (after === undefined) return [{ path, kind: 'removed', before }];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diffValues(before[k], after[k], joinPath(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((b, i) => diffValues(b, after[i], joinPath(path, i)));
  }
  return jsonEqual(before, after) ? [] : [{ path, kind: 'changed', before, after }];
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

const edgeKey = (e: EdgeRef) => `${e.from}:${e.fromPort}->${e.to}`;
const toEdgeRef = (e: EdgeLike): EdgeRef => ({ from: e.from, fromPort: e.fromPort ?? 'out', to: e.to });

/**
 * Compares two flows by meaning: nodes matched by id, edges by (from, port, to), config compared field by field.
 * Order of nodes and edges in the file does not count.
 * @example diffFlows(serverFlow, localFlow).nodes.changed // [{ id: 'find', changes: [...] }]
 */
export function diffFlows(a: DiffableFlow, b: DiffableFlow, options: DiffOptions = {}): FlowDiff {
  const { nodes: _an, edges: _ae, $schema: _as, ...aFields } = a;
  const { nodes: _bn, edges: _be, $schema: _bs, ...bFields } = b;
  const fields = diffValues(aFields, bFields);

  const aNodes = new Map(a.nodes.map((n) => [n.id, n]));
  const bNodes = new Map(b.nodes.map((n) => [n.id, n]));
  const added = b.nodes.filter((n) => !aNodes.has(n.id)).map((n) => n.id);
  const removed = a.nodes.filter((n) => !bNodes.has(n.id)).map((n) => n.id);
  const changed: NodeChange[] = [];
  for (const [id, before] of aNodes) {
    const after = bNodes.get(id);
    if (!after) continue;
    let changes = diffValues(before, after);
    if (options.ignorePositions)
      changes = changes.filter((c) => c.path !== 'position' && !c.path.startsWith('position.'));
    if (changes.length > 0) changed.push({ id, changes });
  }

  const aEdges = new Map(a.edges.map((e) => [edgeKey(toEdgeRef(e)), toEdgeRef(e)]));
  const bEdges = new Map(b.edges.map((e) => [edgeKey(toEdgeRef(e)), toEdgeRef(e)]));
  const edgesAdded = [...bEdges].filter(([k]) => !aEdges.has(k)).map(([, e]) => e);
  const edgesRemoved = [...aEdges].filter(([k]) => !bEdges.has(k)).map(([, e]) => e);

  const equal =
    fields.length === 0 &&
    added.length === 0 &&
    removed.length === 0 &&
    changed.length === 0 &&
    edgesAdded.length === 0 &&
    edgesRemoved.length === 0;
  return {
    equal,
    fields,
    nodes: { added, removed, changed },
    edges: { added: edgesAdded, removed: edgesRemoved },
  };
}
