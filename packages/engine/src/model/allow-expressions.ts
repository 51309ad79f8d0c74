/** Derives a node type's authoring schema: every value may alternatively be a JSONata expression string (`=...`). */
import { z } from 'zod';

/** A string that starts with `=` (and not `==`, which escapes a literal `=`). */
export const ExpressionStringSchema = z
  .string()
  .regex(/^=(?!=)[\s\S]+$/, 'must be an expression starting with "="')
  .meta({ title: 'Expression', description: 'JSONata expression, written after a leading "=".' });

const cache = new WeakMap<z.ZodType, z.ZodType>();

function withMeta<T extends z.ZodType>(target: T, source: z.ZodType): T {
  const meta = z.globalRegistry.get(source);
  return meta ? (target.meta(meta) as T) : target;
}

/** The value itself, or an expression. */
function orExpression(schema: z.ZodType, source: z.ZodType): z.ZodType {
  return withMeta(z.union([schema, ExpressionStringSchema]), source);
}

/** Maps the inside of a schema (object fields, array items, ...) without adding the expression alternative. */
function mapInner(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      shape[key] = allowExpressions(field);
    }
    let obj: z.ZodType = z.object(shape);
    const catchall = schema._zod.def.catchall as z.ZodType | undefined;
    if (catchall instanceof z.ZodNever) obj = z.strictObject(shape);
    else if (catchall instanceof z.ZodUnknown || catchall instanceof z.ZodAny) obj = z.looseObject(shape);
    else if (catchall) obj = z.object(shape).catchall(allowExpressions(catchall));
    return obj;
  }
  if (schema instanceof z.ZodArray) return z.array(allowExpressions(schema.element as z.ZodType));
  if (schema instanceof z.ZodRecord) {
    return z.record(schema.keyType as z.ZodString, allowExpressions(schema.valueType as z.ZodType));
  }
  if (schema instanceof z.ZodTuple) {
    return z.tuple(
      (schema._zod.def.items as z.ZodType[]).map((item) => allowExpressions(item)) as [z.ZodType],
    );
  }
  if (schema instanceof z.ZodUnion) {
    return z.union((schema.options as z.ZodType[]).map((o) => mapInner(o)) as [z.ZodType, z.ZodType]);
  }
  return schema;
}

/**
 * The authoring schema for a resolved-config schema: at every level (leaves, objects, arrays) a value may
 * instead be an expression string. Wrappers (optional, default, nullable, readonly, catch) are kept,
 * `.meta()` is copied. Refinements on objects are not carried over (they apply to resolved config at run time).
 * @example allowExpressions(z.object({ url: z.url() })).parse({ url: '=trigger.body.url' })
 */
export function allowExpressions(schema: z.ZodType): z.ZodType {
  const hit = cache.get(schema);
  if (hit) return hit;
  let out: z.ZodType;
  if (schema instanceof z.ZodOptional) out = allowExpressions(schema.unwrap() as z.ZodType).optional();
  else if (schema instanceof z.ZodNullable) out = allowExpressions(schema.unwrap() as z.ZodType).nullable();
  else if (schema instanceof z.ZodDefault) {
    const inner = allowExpressions(schema.unwrap() as z.ZodType);
    out = inner.default(schema._zod.def.defaultValue as never);
  } else if (schema instanceof z.ZodPrefault) {
    out = allowExpressions(schema._zod.def.innerType as z.ZodType).prefault(
      schema._zod.def.defaultValue as never,
    );
  } else if (schema instanceof z.ZodReadonly) out = allowExpressions(schema.unwrap() as z.ZodType).readonly();
  else if (schema instanceof z.ZodCatch) out = allowExpressions(schema.unwrap() as z.ZodType);
  else if (schema instanceof z.ZodLazy || schema instanceof z.ZodUnknown || schema instanceof z.ZodAny)
    out = schema;
  else out = orExpression(mapInner(schema), schema);
  out = withMeta(out, schema);
  cache.set(schema, out);
  return out;
}

const topCache = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The authoring schema of a whole node config: like allowExpressions, except that the config object itself
 * stays an object (a flow's `config` is always an object; its fields may be expressions).
 */
export function authoringConfigSchema(schema: z.ZodType): z.ZodType {
  const hit = topCache.get(schema);
  if (hit) return hit;
  const out = schema instanceof z.ZodObject ? withMeta(mapInner(schema), schema) : allowExpressions(schema);
  topCache.set(schema, out);
  return out;
}
