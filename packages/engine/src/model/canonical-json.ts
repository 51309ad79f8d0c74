/** Canonical flow JSON (schema key order, 2-space indent, final newline) and the flow hash over it. */
import { z } from 'zod';
import type { Catalog } from './catalog';
import { type Flow, FlowEdgeSchema, FlowSchema } from './flow-schema';
import { findTooDeep, MAX_FLOW_DEPTH, tooDeepMessage } from './nesting';
import { sha256Hex } from './sha256';

/** Unwraps optional/default/nullable/... to the schema that decides key order. */
function core(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  for (let i = 0; i < 10 && s; i++) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPrefault || s instanceof z.ZodReadonly || s instanceof z.ZodCatch) {
      s = s._zod.def.innerType as z.ZodType;
    } else if (s instanceof z.ZodPipe) s = s._zod.def.in as z.ZodType;
    else return s;
  }
  return s;
}

/** Orders keys as the schema declares them (unknown keys after, sorted); drops undefined values. */
function order(
  value: unknown,
  schema: z.ZodType | undefined,
  overrides?: (key: string) => z.ZodType | undefined,
): unknown {
  if (Array.isArray(value)) {
    const s = core(schema);
    const item = s instanceof z.ZodArray ? (s.element as z.ZodType) : undefined;
    return value.map((v) => order(v, item));
  }
  if (value === null || typeof value !== 'object') return value;
  const s = core(schema);
  const record = value as Record<string, unknown>;
  const shape = s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : undefined;
  const valueSchema = s instanceof z.ZodRecord ? (s.valueType as z.ZodType) : undefined;
  const known = shape ? Object.keys(shape).filter((k) => k in record) : [];
  const rest = Object.keys(record)
    .filter((k) => !shape || !(k in shape))
    .sort();
  const out: Record<string, unknown> = {};
  for (const key of [...known, ...rest]) {
    const v = record[key];
    if (v === undefined) continue;
    out[key] = order(v, overrides?.(key) ?? shape?.[key] ?? valueSchema);
  }
  return out;
}

const INLINE_KEYS = new Set(['position']);

/** JSON.stringify with 2-space indent, except positions and edges on one line, so a move or an edge is one line. */
function stringify(value: unknown, indent: string, inline: boolean): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (inline) return `[${value.map((v) => stringify(v, '', true)).join(', ')}]`;
    return `[\n${value.map((v) => inner + stringify(v, inner, false)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  if (inline)
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${stringify(v, '', true)}`).join(', ')} }`;
  const lines = entries.map(
    ([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner, INLINE_KEYS.has(k) || k === 'edges')}`,
  );
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/** Edges are arrays of one-line objects; re-enter multi-line mode for the array itself. */
function stringifyFlow(flow: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(flow)) {
    if (k === 'edges' && Array.isArray(v)) {
      const body = v.map((e) => `    ${stringify(e, '', true)}`).join(',\n');
      lines.push(`  "edges": ${v.length === 0 ? '[]' : `[\n${body}\n  ]`}`);
    } else lines.push(`  ${JSON.stringify(k)}: ${stringify(v, '  ', false)}`);
  }
  return `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * The canonical JSON text of a flow: keys in schema order (config keys in the node type's schema order when
 * the catalog knows the type, else sorted), 2-space indent, final newline, integer positions, no undefined.
 * Positions and edges are written on one line each, so moving a node or adding an edge changes one line.
 * Throws a RangeError (not a stack overflow) for a flow nested deeper than MAX_FLOW_DEPTH; validateFlow refuses those.
 * @example writeFile('flows/x.flow.json', toCanonicalJson(flow, catalog))
 */
export function toCanonicalJson(flow: Flow, catalog?: Pick<Catalog, 'get'>): string {
  const deep = findTooDeep(flow, MAX_FLOW_DEPTH, 1);
  if (deep.length > 0) throw new RangeError(tooDeepMessage(deep[0]!));
  const nodes = flow.nodes.map((node) => {
    const configSchema = catalog?.get(node.type)?.config as z.ZodType | undefined;
    const position = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
    return order({ ...node, position, config: node.config ?? {} }, FlowSchema.shape.nodes.element, (key) =>
      key === 'config' ? (configSchema ?? z.record(z.string(), z.unknown())) : undefined,
    );
  });
  const edges = flow.edges.map((e) => order(e, FlowEdgeSchema));
  const top = order({ ...flow, nodes: [], edges: [] }, FlowSchema) as Record<string, unknown>;
  top.nodes = nodes;
  top.edges = edges;
  return stringifyFlow(top);
}

/** sha256 hex of the canonical JSON. Pass the same catalog everywhere (the executor passes its own). */
export function flowHash(flow: Flow, catalog?: Pick<Catalog, 'get'>): string {
  return sha256Hex(toCanonicalJson(flow, catalog));
}
