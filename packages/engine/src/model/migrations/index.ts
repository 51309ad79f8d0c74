/** Public door of the schemaVersion migration registry (browser-safe). */
export {
  assertMigrationChain,
  MigrationError,
  type MigrationResult,
  migrateFlowJson,
  migrations,
} from './registry';
export type { JsonObject, Migration } from './types';
export { v0ToV1 } from './v0-to-v1';
