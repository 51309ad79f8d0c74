/** The schemaVersion migration registry lives in the engine's model, so the runtime and the CLI share it. */
export {
  assertMigrationChain,
  type JsonObject,
  type Migration,
  MigrationError,
  type MigrationResult,
  migrateFlowJson,
  migrations,
  v0ToV1,
} from '@idflow/engine';
