/** Initial config for a new node: declared defaults of required fields, plus a few helpful prefills. */
import type { ConnectionView, JsonSchema } from '../api/schemas';
import { resolveSchema } from './schemaKinds';

export interface DefaultHints {
  /** The flow id: a required `path` (webhook trigger) starts as the flow id. */
  flowId?: string;
  /** Connections: a connection field starts with the only connection of its kind. */
  connections?: ConnectionView[];
  connectionFields?: Record<string, string> | null;
}

/**
 * @example defaultConfig(webhookSchema, { flowId: 'onboard' }) // { path: 'onboard', ... }
 */
export function defaultConfig(schema: JsonSchema, hints: DefaultHints = {}): Record<string, unknown> {
  const s = resolveSchema(schema, schema);
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(props)) {
    const p = resolveSchema(prop, schema);
    const kind = hints.connectionFields?.[key];
    if (kind) {
      const matching = (hints.connections ?? []).filter((c) => c.kind === kind);
      if (matching.length === 1) out[key] = matching[0]!.name;
      continue;
    }
    if (!required.has(key)) continue;
    if (p.default !== undefined) out[key] = structuredClone(p.default);
    else if (key === 'path' && p.type === 'string' && hints.flowId) out[key] = hints.flowId;
  }
  return out;
}
