/** Small pure graph functions over node ids and edges: successors, predecessors, reachability, cycles, order. */

export interface GraphEdge {
  from: string;
  to: string;
}

function adjacency(nodeIds: readonly string[], edges: readonly GraphEdge[], reverse: boolean) {
  const map = new Map<string, string[]>();
  for (const id of nodeIds) map.set(id, []);
  for (const e of edges) {
    const [a, b] = reverse ? [e.to, e.from] : [e.from, e.to];
    if (map.has(a) && map.has(b)) map.get(a)!.push(b);
  }
  return map;
}

/** Direct successors of a node, in edge order, without duplicates. */
export function successors(nodeId: string, edges: readonly GraphEdge[]): string[] {
  return [...new Set(edges.filter((e) => e.from === nodeId).map((e) => e.to))];
}

/** Direct predecessors of a node, in edge order, without duplicates. */
export function predecessors(nodeId: string, edges: readonly GraphEdge[]): string[] {
  return [...new Set(edges.filter((e) => e.to === nodeId).map((e) => e.from))];
}

/** Every node reachable from the start nodes (start nodes included), following edges forward. */
export function reachableFrom(starts: readonly string[], edges: readonly GraphEdge[]): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from);
    if (list) list.push(e.to);
    else next.set(e.from, [e.to]);
  }
  const seen = new Set<string>(starts);
  const stack = [...starts];
  while (stack.length > 0) {
    for (const n of next.get(stack.pop()!) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

/**
 * The cycles of a graph, each as the node ids along it (first node not repeated). One cycle per strongly
 * connected component, so a tangled component is reported once.
 * @example findCycles(['a', 'b'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }]) // [['a', 'b']]
 */
export function findCycles(nodeIds: readonly string[], edges: readonly GraphEdge[]): string[][] {
  const adj = adjacency(nodeIds, edges, false);
  const color = new Map<string, 0 | 1 | 2>();
  const cycles: string[][] = [];
  const inCycle = new Set<string>();
  for (const root of nodeIds) {
    if (color.get(root)) continue;
    // Iterative DFS keeping the current path, so a back edge gives the cycle directly.
    const path: string[] = [];
    const iters: number[] = [];
    color.set(root, 1);
    path.push(root);
    iters.push(0);
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const next = adj.get(node)!;
      const i = iters[iters.length - 1]!;
      if (i < next.length) {
        iters[iters.length - 1] = i + 1;
        const to = next[i]!;
        const c = color.get(to) ?? 0;
        if (c === 0) {
          color.set(to, 1);
          path.push(to);
          iters.push(0);
        } else if (c === 1 && !inCycle.has(to)) {
          const cycle = path.slice(path.indexOf(to));
          for (const n of cycle) inCycle.add(n);
          cycles.push(cycle);
        }
      } else {
        color.set(node, 2);
        path.pop();
        iters.pop();
      }
    }
  }
  return cycles;
}

/** Kahn's topological order (ties in node order); throws when the graph has a cycle. */
export function topologicalOrder(nodeIds: readonly string[], edges: readonly GraphEdge[]): string[] {
  const adj = adjacency(nodeIds, edges, false);
  const indegree = new Map<string, number>(nodeIds.map((id) => [id, 0]));
  for (const targets of adj.values()) for (const t of targets) indegree.set(t, indegree.get(t)! + 1);
  const queue = nodeIds.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const t of adj.get(id)!) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  if (order.length !== nodeIds.length) throw new Error('The graph has a cycle; no topological order exists.');
  return order;
}
