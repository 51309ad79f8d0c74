/** A schemaVersion migration: turns a flow file of version `from` into version `to` (= from + 1). */

export type JsonObject = Record<string, unknown>;

export interface Migration {
  from: number;
  to: number;
  /** One line for `idflow migrate` output and the docs. */
  description: string;
  /** Pure: returns a new object, never mutates its input. Unknown fields pass through for validation to judge. */
  migrate(json: JsonObject): JsonObject;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
