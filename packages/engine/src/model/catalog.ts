/** An explicit, typed registry of node types (or definitions): the palette and catalog API come from it. */
import type { NodeDefinition } from './node-definition';

// biome-ignore lint/suspicious/noExplicitAny: config types differ per node type; `any` lets one list hold them all.
export type AnyNodeDefinition = NodeDefinition<any>;

export interface Catalog<D extends AnyNodeDefinition = AnyNodeDefinition> {
  get(type: string): D | undefined;
  has(type: string): boolean;
  /** In registration order. */
  list(): readonly D[];
}

/**
 * Builds a catalog; throws on a duplicate type id.
 * @example const catalog = createCatalog([webhookTrigger, createUser]); catalog.get('scim.createUser')
 */
export function createCatalog<D extends AnyNodeDefinition>(defs: readonly D[]): Catalog<D> {
  const byType = new Map<string, D>();
  for (const def of defs) {
    if (byType.has(def.type)) {
      throw new Error(`Duplicate node type "${def.type}" in the catalog: register each node type once.`);
    }
    byType.set(def.type, def);
  }
  const list = Object.freeze([...defs]);
  return {
    get: (type) => byType.get(type),
    has: (type) => byType.has(type),
    list: () => list,
  };
}

/** The ports a node of this definition emits on, for its (raw or resolved) config; undefined when unknown. */
export function outputPortIds(def: AnyNodeDefinition, config: unknown): string[] | undefined {
  if (Array.isArray(def.outputs)) return def.outputs.map((p) => p.id);
  try {
    const parsed = def.config.safeParse(config);
    return def.outputs(parsed.success ? parsed.data : config).map((p) => p.id);
  } catch {
    return undefined;
  }
}

/** Whether a definition is a trigger. */
export function isTriggerDefinition(def: AnyNodeDefinition): boolean {
  return def.trigger !== undefined || def.category === 'trigger';
}
