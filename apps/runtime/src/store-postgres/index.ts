/** The PostgreSQL Store for scale-out, choosing a store from IDFLOW_STORE, and copying one store into another. */
export { type MigrateStoreReport, migrateStore } from './migrate';
export { describeTarget, StoreUnavailableError } from './pg-connect';
export { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store';
export { createStoreFromUrl, isPostgresUrl, type StoreFromUrlOptions } from './store-from-url';
