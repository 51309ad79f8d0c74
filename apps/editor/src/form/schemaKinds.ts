/** Reads JSON Schema fragments (as zod's toJSONSchema writes them) into the field kinds the form renders. */
import type { JsonSchema } from '../api/schemas';

export type FieldKind =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'object'
  | 'array'
  | 'record'
  | 'json';

function isObj(x: unknown): x is JsonSchema {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The expression alternative the engine adds (`=...` strings); the form offers it through its own toggle. */
function isExpressionBranch(s: JsonSchema): boolean {
  return (
    s.type === 'string' &&
    ((typeof s.pattern === 'string' && s.pattern.startsWith('^=')) || s.title === 'Expression')
  );
}

function followRef(s: JsonSchema, root: JsonSchema): JsonSchema {
  let cur = s;
  for (let i = 0; i < 20 && typeof cur.$ref === 'string'; i++) {
    const ref = cur.$ref as string;
    if (!ref.startsWith('#/')) break;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = isObj(target) ? target[part] : undefined;
    if (!isObj(target)) break;
    const { $ref: _drop, ...rest } = cur;
    cur = { ...target, ...rest };
  }
  return cur;
}

/**
 * Follows `$ref`, drops `null` and expression branches of `anyOf`/`oneOf`, and merges a single `allOf`,
 * keeping the outer title/description/default.
 */
export function resolveSchema(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = followRef(schema, root);
  for (let i = 0; i < 10; i++) {
    const variants = (s.anyOf ?? s.oneOf) as unknown;
    if (Array.isArray(variants)) {
      const kept = variants
        .filter(isObj)
        .map((v) => followRef(v, root))
        .filter((v) => v.type !== 'null' && !isExpressionBranch(v));
      if (kept.length === 1) {
        const { anyOf: _a, oneOf: _o, ...outer } = s;
        s = { ...kept[0], ...outer };
        continue;
      }
      if (kept.length !== variants.length) {
        const { anyOf: _a, oneOf: _o, ...outer } = s;
        s = { ...outer, anyOf: kept };
      }
    }
    if (Array.isArray(s.allOf) && s.allOf.length === 1 && isObj(s.allOf[0])) {
      const { allOf, ...outer } = s;
      s = { ...followRef(allOf[0] as JsonSchema, root), ...outer };
      continue;
    }
    break;
  }
  if (Array.isArray(s.type)) {
    const types = (s.type as unknown[]).filter((t) => t !== 'null');
    if (types.length === 1) s = { ...s, type: types[0] };
  }
  return s;
}

/** Enum values from `enum`, `const`, or a union of consts. */
export function enumValues(s: JsonSchema): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum;
  if ('const' in s) return [s.const];
  const variants = (s.anyOf ?? s.oneOf) as unknown;
  if (Array.isArray(variants) && variants.length > 0 && variants.every((v) => isObj(v) && 'const' in v)) {
    return variants.map((v) => (v as JsonSchema).const);
  }
  return undefined;
}

export function fieldKind(s: JsonSchema): FieldKind {
  if (enumValues(s)) return 'enum';
  if (s.anyOf || s.oneOf) return 'json';
  switch (s.type) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'array':
      return isObj(s.items) ? 'array' : 'json';
    case 'object': {
      const hasProps = isObj(s.properties) && Object.keys(s.properties).length > 0;
      if (hasProps) return 'object';
      if (isObj(s.additionalProperties)) return 'record';
      if (s.additionalProperties === false) return 'object';
      return 'record';
    }
    default:
      return 'json';
  }
}

export function propertiesOf(s: JsonSchema): [string, JsonSchema][] {
  return isObj(s.properties)
    ? Object.entries(s.properties).filter((e): e is [string, JsonSchema] => isObj(e[1]))
    : [];
}

export function requiredOf(s: JsonSchema): Set<string> {
  return new Set(
    Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [],
  );
}

/** Schema of a record's values; `{}` (anything) when not given. */
export function recordValueSchema(s: JsonSchema): JsonSchema {
  return isObj(s.additionalProperties) ? s.additionalProperties : {};
}

export function itemSchema(s: JsonSchema): JsonSchema {
  return isObj(s.items) ? s.items : {};
}

/** A fresh value for a new array item / record entry of this schema. */
export function emptyValue(s: JsonSchema): unknown {
  if (s.default !== undefined) return structuredClone(s.default);
  switch (fieldKind(s)) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'enum':
      return enumValues(s)?.[0];
    case 'object':
    case 'record':
      return {};
    case 'array':
      return [];
    default:
      return '';
  }
}

/** Human label for a property: its title, else the key with spaces (`userName` → `User name`). */
export function labelFor(key: string, s: JsonSchema): string {
  if (typeof s.title === 'string' && s.title) return s.title;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}
