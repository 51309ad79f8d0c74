/** Live validation: the engine's own validateFlow over a catalog built from the runtime's node types. */
import { type Catalog, type Issue, validateFlow } from '@idflow/engine/model';

export interface ValidationView {
  errors: Issue[];
  warnings: Issue[];
  /** Errors and warnings per node id, for the card markers and the inspector. */
  byNode: Record<string, Issue[]>;
}

export const EMPTY_VALIDATION: ValidationView = { errors: [], warnings: [], byNode: {} };

/**
 * @example validateForEditor(flow, catalog).byNode['create'] // [{ path: 'nodes[2].config.user', ... }]
 */
export function validateForEditor(flow: unknown, catalog: Pick<Catalog, 'get'>): ValidationView {
  const result = validateFlow(flow, catalog);
  const errors = result.ok ? [] : result.errors;
  const warnings = result.warnings;
  const byNode: Record<string, Issue[]> = {};
  for (const issue of [...errors, ...warnings]) {
    const id = issue.nodeId ?? nodeIdFromPath(issue.path, flow);
    if (!id) continue;
    const list = byNode[id] ?? [];
    list.push(issue);
    byNode[id] = list;
  }
  return { errors, warnings, byNode };
}

/** `nodes[2].config.url` → the id of node 2, when the issue names no node. */
function nodeIdFromPath(path: string, flow: unknown): string | undefined {
  const m = /^nodes\[(\d+)\]/.exec(path);
  if (!m || !flow || typeof flow !== 'object') return undefined;
  const nodes = (flow as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return undefined;
  const node: unknown = nodes[Number(m[1])];
  return node && typeof node === 'object' && typeof (node as { id?: unknown }).id === 'string'
    ? (node as { id: string }).id
    : undefined;
}

/** The part of an issue message after its path prefix, for compact display on a card. */
export function shortMessage(issue: Issue): string {
  const prefix = `${issue.path}: `;
  return issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
}
