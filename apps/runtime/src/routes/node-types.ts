/** GET /api/v1/node-types: the catalog for the editor (config JSON Schema, ports, output shape, docs). */
import { nodeConfigJsonSchema } from '@idflow/engine';
import { NodeTypesOut } from '../api-schemas';
import type { RuntimeContext } from '../context';
import { defineRoute, type Route } from '../http/route';

export function nodeTypeRoutes(c: RuntimeContext): Route[] {
  let cached: unknown[] | undefined;
  const build = () =>
    c.catalog.list().map((def) => {
      const staticPorts = Array.isArray(def.outputs);
      let defaultPorts: unknown;
      if (!staticPorts && typeof def.outputs === 'function') {
        try {
          const parsed = def.config.safeParse({});
          defaultPorts = def.outputs(parsed.success ? parsed.data : {});
        } catch {
          defaultPorts = [];
        }
      }
      return {
        type: def.type,
        title: def.title,
        category: def.category,
        description: def.description,
        ...(def.icon ? { icon: def.icon } : {}),
        configSchema: nodeConfigJsonSchema(def),
        outputs: staticPorts ? def.outputs : 'dynamic',
        ...(defaultPorts ? { defaultOutputs: defaultPorts } : {}),
        hasInput: def.hasInput,
        output: def.output,
        ...(def.trigger ? { trigger: def.trigger } : {}),
        sideEffects: typeof def.sideEffects === 'function' ? 'dynamic' : (def.sideEffects ?? false),
        ...(def.connectionFields ? { connectionFields: def.connectionFields } : {}),
      };
    });
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/node-types',
      summary: 'Node type catalog with config JSON Schemas',
      tag: 'catalog',
      response: NodeTypesOut,
      handler: async (_i, _req, res) => {
        cached ??= build();
        res.json({ items: cached });
      },
    }),
  ];
}
