/** Output ports of a node on the canvas: the type's declared ports, config-derived ones, and the error port. */
import type { FlowNode, PortSpec } from '@idflow/engine/model';
import type { NodeTypeInfo } from '../api/schemas';
import { DEFAULT_PORT, ERROR_PORT } from './types';

/**
 * Ports for types whose outputs are `dynamic` (e.g. control.switch): case names found in the config, then `default`.
 * Reads `cases` as an array of strings or of objects with `name`/`id`/`port`/`value`, or as a record.
 */
export function dynamicPorts(config: Record<string, unknown>): PortSpec[] {
  const ids: string[] = [];
  const cases = config.cases;
  if (Array.isArray(cases)) {
    for (const c of cases) {
      if (typeof c === 'string') ids.push(c);
      else if (c && typeof c === 'object') {
        const o = c as Record<string, unknown>;
        const id = o.name ?? o.id ?? o.port ?? o.value;
        if (typeof id === 'string' && id) ids.push(id);
      }
    }
  } else if (cases && typeof cases === 'object') {
    ids.push(...Object.keys(cases));
  }
  if (!ids.includes('default')) ids.push('default');
  return ids.map((id) => ({ id }));
}

/** Declared output ports for a node (without the error port). Unknown types get the default port. */
export function declaredPorts(node: Pick<FlowNode, 'config'>, info: NodeTypeInfo | undefined): PortSpec[] {
  if (!info) return [{ id: DEFAULT_PORT }];
  if (info.outputs === 'dynamic') return dynamicPorts(node.config ?? {});
  return info.outputs.map((p) => (p.label ? { id: p.id, label: p.label } : { id: p.id }));
}

/** All output ports a node offers on the canvas, the error port last when `errorPort` is on. */
export function outputPorts(
  node: Pick<FlowNode, 'config' | 'errorPort'>,
  info: NodeTypeInfo | undefined,
): PortSpec[] {
  const ports = declaredPorts(node, info);
  if (node.errorPort && !ports.some((p) => p.id === ERROR_PORT))
    ports.push({ id: ERROR_PORT, label: 'error' });
  return ports;
}

export function hasInput(info: NodeTypeInfo | undefined): boolean {
  return info ? info.hasInput : true;
}
