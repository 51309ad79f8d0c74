/**
 * schemaVersion 0 → 1. Version 0 is the pre-release format the first editor prototype saved, React Flow's shape:
 *   nodes: { id, type, position: { x, y } (floats allowed), data: { label?, config?, notes? }, retry?, timeoutMs? }
 *   edges: { id?, source, target, sourceHandle?, targetHandle? }
 * Version 1 keeps node config at `config`, the label at `name`, integer positions, and edges as
 * { from, fromPort?, to } (`out` is the default port and is left out).
 */
import { isJsonObject, type JsonObject, type Migration } from './types';

function migrateNode(node: unknown): unknown {
  if (!isJsonObject(node)) return node;
  const { data, position, ...rest } = node;
  const out: JsonObject = { ...rest };
  if (isJsonObject(position)) {
    out.position = {
      ...position,
      x: typeof position.x === 'number' ? Math.round(position.x) : position.x,
      y: typeof position.y === 'number' ? Math.round(position.y) : position.y,
    };
  } else if (position !== undefined) out.position = position;
  if (isJsonObject(data)) {
    const { label, config, notes, ...extra } = data;
    if (typeof label === 'string' && out.name === undefined) out.name = label;
    if (typeof notes === 'string' && out.notes === undefined) out.notes = notes;
    out.config = isJsonObject(config) ? config : (out.config ?? {});
    // Anything else under data was editor state in v0 (selected, width, ...): dropped.
    void extra;
  } else if (out.config === undefined) out.config = {};
  return out;
}

function migrateEdge(edge: unknown): unknown {
  if (!isJsonObject(edge)) return edge;
  if (!('source' in edge) && !('target' in edge)) return edge;
  const { id: _id, source, target, sourceHandle, targetHandle: _targetHandle, ...rest } = edge;
  const out: JsonObject = { ...rest, from: source };
  if (typeof sourceHandle === 'string' && sourceHandle !== '' && sourceHandle !== 'out')
    out.fromPort = sourceHandle;
  out.to = target;
  return out;
}

export const v0ToV1: Migration = {
  from: 0,
  to: 1,
  description: 'React Flow shape (data.config, source/target edges) to the v1 file format',
  migrate(json) {
    const out: JsonObject = { ...json, schemaVersion: 1 };
    if (Array.isArray(json.nodes)) out.nodes = json.nodes.map(migrateNode);
    if (Array.isArray(json.edges)) out.edges = json.edges.map(migrateEdge);
    return out;
  },
};
