/**
 * Builds an engine Catalog from the runtime's /node-types descriptions, so the engine's own validateFlow runs in
 * the browser against whatever node types this runtime has: each JSON Schema becomes a zod schema again.
 */
import {
  type AnyNodeDefinition,
  type Catalog,
  createCatalog,
  type NodeCategory,
  type OutputShape,
  type TriggerKind,
} from '@idflow/engine/model';
import { z } from 'zod';
import type { NodeTypeInfo } from '../api/schemas';
import { dynamicPorts } from '../canvas/ports';

/** zod from a JSON Schema; anything the converter cannot read accepts any object rather than blocking the editor. */
function configSchemaOf(info: NodeTypeInfo): z.ZodType {
  try {
    return z.fromJSONSchema(info.configSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return z.record(z.string(), z.unknown());
  }
}

const TRIGGER_KINDS = new Set(['manual', 'webhook', 'schedule', 'call']);

export function definitionFromInfo(info: NodeTypeInfo): AnyNodeDefinition {
  const outputs = info.outputs;
  const def: AnyNodeDefinition = {
    type: info.type,
    title: info.title,
    category: info.category as NodeCategory,
    description: info.description,
    config: configSchemaOf(info),
    outputs: outputs === 'dynamic' ? (config: unknown) => dynamicPorts(asRecord(config)) : outputs,
    hasInput: info.hasInput,
    output: info.output as OutputShape,
  };
  if (info.icon) def.icon = info.icon;
  if (info.trigger && TRIGGER_KINDS.has(info.trigger)) def.trigger = info.trigger as TriggerKind;
  if (info.connectionFields) def.connectionFields = info.connectionFields as Record<string, 'scim' | 'http'>;
  return def;
}

function asRecord(x: unknown): Record<string, unknown> {
  return x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
}

/**
 * @example const catalog = catalogFromNodeTypes(await fetchNodeTypes()); catalog.get('scim.createUser')
 */
export function catalogFromNodeTypes(items: readonly NodeTypeInfo[]): Catalog {
  const seen = new Set<string>();
  const defs: AnyNodeDefinition[] = [];
  for (const item of items) {
    if (seen.has(item.type)) continue;
    seen.add(item.type);
    defs.push(definitionFromInfo(item));
  }
  return createCatalog(defs);
}
