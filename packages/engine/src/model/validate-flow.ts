/** validateFlow: checks a flow file against the schema, the catalog and the graph rules, reporting every error. */
import type { z } from 'zod';
import { authoringConfigSchema } from './allow-expressions';
import type { AnyNodeDefinition, Catalog } from './catalog';
import { checkExpressionSyntax, collectExpressions } from './expression-syntax';
import { type Flow, FlowSchema } from './flow-schema';
import { type Issue, zodIssues } from './issues';
import { findTooDeep, MAX_FLOW_DEPTH, tooDeepMessage } from './nesting';
import { checkGraph, type LooseEdge, type LooseNode } from './validate-graph';

export type ValidationResult =
  | { ok: true; flow: Flow; warnings: Issue[] }
  | { ok: false; errors: Issue[]; warnings: Issue[] };

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function looseNodes(json: Record<string, unknown>): LooseNode[] {
  const nodes = Array.isArray(json.nodes) ? json.nodes : [];
  return nodes.flatMap((raw, index) => {
    const n = asRecord(raw);
    if (!n || typeof n.id !== 'string') return [];
    return [
      {
        index,
        id: n.id,
        type: typeof n.type === 'string' ? n.type : undefined,
        config: asRecord(n.config) ?? {},
        errorPort: n.errorPort === true,
      },
    ];
  });
}

function looseEdges(json: Record<string, unknown>): LooseEdge[] {
  const edges = Array.isArray(json.edges) ? json.edges : [];
  return edges.flatMap((raw, index) => {
    const e = asRecord(raw);
    if (!e || typeof e.from !== 'string' || typeof e.to !== 'string') return [];
    return [{ index, from: e.from, to: e.to, port: typeof e.fromPort === 'string' ? e.fromPort : 'out' }];
  });
}

/**
 * JSONata reads `steps.leave-old` as `steps.leave - old`, so a dashed node id must be quoted with backticks.
 * Returns the dashed ids the expression references unquoted.
 */
export function unquotedDashedStepRefs(source: string, dashedIds: readonly string[]): string[] {
  return dashedIds.filter((id) => new RegExp(`(^|[^\\w.\`])steps\\.${id}(?![a-z0-9-])`).test(source));
}

function checkNodeConfig(
  node: LooseNode,
  def: AnyNodeDefinition,
  errors: Issue[],
  dashedIds: readonly string[],
): void {
  const base = `nodes[${node.index}].config`;
  const parsed = authoringConfigSchema(def.config as z.ZodType).safeParse(node.config);
  if (!parsed.success) errors.push(...zodIssues(parsed.error, base, 'config_invalid', node.id));
  for (const { path, source } of collectExpressions(node.config, base)) {
    for (const id of unquotedDashedStepRefs(source, dashedIds)) {
      errors.push({
        path,
        code: 'expression_dashed_id',
        nodeId: node.id,
        message: `${path}: JSONata reads steps.${id} as a subtraction; quote the node id with backticks: steps.\`${id}\`.`,
      });
    }
    const err = checkExpressionSyntax(source);
    if (!err) continue;
    const at = err.position === undefined ? '' : ` at character ${err.position} of the expression`;
    errors.push({
      path,
      code: 'expression_syntax',
      nodeId: node.id,
      message: `${path}: the expression does not compile${at}: ${err.message}. Fix the JSONata after "=", or start the value with "==" for a literal "=".`,
    });
  }
}

/**
 * Validates a flow file (parsed JSON) against the flow schema and the catalog. Reports every error at once;
 * unreachable nodes are warnings. The returned flow keeps config exactly as written. A file nested deeper than
 * MAX_FLOW_DEPTH (64) levels is refused first, with `too_deep` issues only (checked without recursion).
 * @example const r = validateFlow(JSON.parse(text), catalog); if (!r.ok) console.log(r.errors.map((e) => e.message))
 */
export function validateFlow(json: unknown, catalog: Pick<Catalog, 'get'>): ValidationResult {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const deep = findTooDeep(json, MAX_FLOW_DEPTH);
  if (deep.length > 0) {
    for (const path of deep) {
      const issue: Issue = { path, code: 'too_deep', message: tooDeepMessage(path) };
      const node = /^nodes\[(\d+)\]/.exec(path);
      const id = node && asRecord((asRecord(json)?.nodes as unknown[] | undefined)?.[Number(node[1])])?.id;
      if (typeof id === 'string') issue.nodeId = id;
      errors.push(issue);
    }
    return { ok: false, errors, warnings };
  }
  const parsed = FlowSchema.safeParse(json);
  if (!parsed.success) errors.push(...zodIssues(parsed.error, '', 'schema'));
  const root = asRecord(json) ?? {};
  const nodes = looseNodes(root);
  const edges = looseEdges(root);
  const defs = new Map<string, AnyNodeDefinition>();
  const dashedIds = nodes.flatMap((n) => (n.id?.includes('-') ? [n.id] : []));
  for (const node of nodes) {
    if (node.type === undefined) continue;
    const def = catalog.get(node.type);
    if (!def) {
      errors.push({
        path: `nodes[${node.index}].type`,
        code: 'unknown_node_type',
        nodeId: node.id,
        message: `nodes[${node.index}].type: unknown node type "${node.type}" on node "${node.id}". Use a type from the catalog or install the package that provides it.`,
      });
      continue;
    }
    defs.set(node.id, def);
    checkNodeConfig(node, def, errors, dashedIds);
  }
  checkGraph(nodes, edges, defs, errors, warnings);
  if (errors.length > 0 || !parsed.success) return { ok: false, errors, warnings };
  return { ok: true, flow: parsed.data, warnings };
}
