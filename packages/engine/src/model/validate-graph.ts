/** Graph rules of validateFlow: ids, edge ends and ports, triggers, cycles and reachability. */
import { type AnyNodeDefinition, isTriggerDefinition, outputPortIds } from './catalog';
import { findCycles, reachableFrom } from './graph';
import type { Issue } from './issues';

export interface LooseNode {
  index: number;
  id: string;
  type: string | undefined;
  config: Record<string, unknown>;
  errorPort: boolean;
}

export interface LooseEdge {
  index: number;
  from: string;
  to: string;
  port: string;
}

function checkEdges(
  byId: Map<string, LooseNode>,
  edges: LooseEdge[],
  defs: Map<string, AnyNodeDefinition>,
  errors: Issue[],
  warnings: Issue[],
): void {
  const seen = new Set<string>();
  for (const e of edges) {
    const at = `edges[${e.index}]`;
    for (const end of ['from', 'to'] as const) {
      if (!byId.has(e[end])) {
        errors.push({
          path: `${at}.${end}`,
          code: 'edge_unknown_node',
          message: `${at}.${end}: no node has id "${e[end]}". Point the edge at an existing node or remove it.`,
        });
      }
    }
    const key = `${e.from}\u0000${e.port}\u0000${e.to}`;
    if (seen.has(key)) {
      warnings.push({
        path: at,
        code: 'duplicate_edge',
        message: `${at}: duplicate edge; remove one of them.`,
      });
    }
    seen.add(key);
    const source = byId.get(e.from);
    const fromDef = defs.get(e.from);
    if (source && fromDef) {
      const ports = outputPortIds(fromDef, source.config);
      const allowed = ports ? [...ports, ...(source.errorPort ? ['error'] : [])] : undefined;
      if (allowed && !allowed.includes(e.port)) {
        const hint = e.port === 'error' ? ' Set "errorPort": true on the node to handle its failures.' : '';
        errors.push({
          path: `${at}.fromPort`,
          code: 'edge_unknown_port',
          nodeId: e.from,
          message: `${at}.fromPort: node "${e.from}" (${fromDef.type}) has no output port "${e.port}"; its ports are ${allowed.map((p) => `"${p}"`).join(', ') || 'none'}.${hint}`,
        });
      }
    }
    const toDef = defs.get(e.to);
    if (toDef && (!toDef.hasInput || isTriggerDefinition(toDef))) {
      errors.push({
        path: `${at}.to`,
        code: 'edge_into_trigger',
        nodeId: e.to,
        message: `${at}.to: node "${e.to}" (${toDef.type}) takes no input; a trigger starts the flow. Remove this edge.`,
      });
    }
  }
}

export function checkGraph(
  nodes: LooseNode[],
  edges: LooseEdge[],
  defs: Map<string, AnyNodeDefinition>,
  errors: Issue[],
  warnings: Issue[],
): void {
  const byId = new Map<string, LooseNode>();
  for (const n of nodes) {
    const first = byId.get(n.id);
    if (first) {
      errors.push({
        path: `nodes[${n.index}].id`,
        code: 'duplicate_node_id',
        nodeId: n.id,
        message: `nodes[${n.index}].id: "${n.id}" is already the id of nodes[${first.index}]. Give each node a unique id.`,
      });
    } else byId.set(n.id, n);
  }
  checkEdges(byId, edges, defs, errors, warnings);

  const triggers = [...byId.values()].filter((n) => {
    const def = defs.get(n.id);
    return def !== undefined && isTriggerDefinition(def);
  });
  if (triggers.length === 0 && defs.size > 0) {
    errors.push({
      path: 'nodes',
      code: 'no_trigger',
      message: 'nodes: the flow has no trigger. Add one trigger node (webhook, schedule, manual or call).',
    });
  }
  for (const extra of triggers.slice(1)) {
    errors.push({
      path: `nodes[${extra.index}]`,
      code: 'multiple_triggers',
      nodeId: extra.id,
      message: `nodes[${extra.index}]: "${extra.id}" is a second trigger (the first is "${triggers[0]!.id}"). A flow has exactly one trigger; move the other into its own flow.`,
    });
  }

  const ids = [...byId.keys()];
  for (const cycle of findCycles(ids, edges)) {
    const first = byId.get(cycle[0]!)!;
    errors.push({
      path: `nodes[${first.index}]`,
      code: 'cycle',
      nodeId: first.id,
      message: `Cycle: ${[...cycle, cycle[0]].join(' → ')}. Flows must be acyclic: remove one of these edges, or loop with control.forEach over a helper flow.`,
    });
  }

  if (triggers.length > 0) {
    const reached = reachableFrom([triggers[0]!.id], edges);
    for (const n of byId.values()) {
      if (reached.has(n.id) || triggers.includes(n)) continue;
      warnings.push({
        path: `nodes[${n.index}]`,
        code: 'unreachable',
        nodeId: n.id,
        message: `nodes[${n.index}]: "${n.id}" is not reachable from the trigger and will never run. Connect it or delete it.`,
      });
    }
  }
}
