/** JSON Schemas generated from the zod schemas: the flow file, and each node type's authoring config. */
import { z } from 'zod';
import { authoringConfigSchema } from './allow-expressions';
import type { AnyNodeDefinition } from './catalog';
import { FlowSchema } from './flow-schema';

/** The flow file's JSON Schema (committed at packages/engine/schema/flow.schema.json). */
export function generateFlowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(FlowSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://idflow.dev/schema/flow.schema.json',
    title: 'idflow flow file',
    description:
      'A flow file, <id>.flow.json (schemaVersion 1). Generated from FlowSchema; do not edit by hand.',
  };
}

/**
 * A node type's config as JSON Schema, for the catalog API and the editor's form.
 * `authoring` (default) lets every field be an expression; `resolved` is the plain config schema.
 * @example nodeConfigJsonSchema(catalog.get('scim.createUser')!)
 */
export function nodeConfigJsonSchema(
  def: AnyNodeDefinition,
  mode: 'authoring' | 'resolved' = 'authoring',
): Record<string, unknown> {
  const schema =
    mode === 'authoring' ? authoringConfigSchema(def.config as z.ZodType) : (def.config as z.ZodType);
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
