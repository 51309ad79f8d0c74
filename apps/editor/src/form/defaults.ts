/** Initial config for a new node: the defaults its config JSON Schema declares for required fields. */
import type { JsonSchema } from '../api/schemas';
import { resolveSchema } from './schemaKinds';

export function defaultConfig(schema: JsonSchema): Record<string, unknown> {
  const s = resolveSchema(schema, schema);
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(props)) {
    const p = resolveSchema(prop, schema);
    if (!required.has(key)) continue;
    if (p.default !== undefined) out[key] = structuredClone(p.default);
  }
  return out;
}
