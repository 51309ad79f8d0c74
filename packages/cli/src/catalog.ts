/** The builtin node catalog the CLI validates and runs with (the same one the runtime uses). */
import { createBuiltinCatalog } from '@idflow/nodes';

let cached: ReturnType<typeof createBuiltinCatalog> | undefined;

export function builtinCatalog(): ReturnType<typeof createBuiltinCatalog> {
  cached ??= createBuiltinCatalog();
  return cached;
}
