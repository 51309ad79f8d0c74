/** The runtime's storage: the Store contract, its errors, and the default file store. */
export * from './errors';
export {
  createFileStore,
  type FileStore,
  type FileStoreOptions,
  type FileStoreStats,
} from './file-store/file-store';
export { type RecoveryResult, recoverFromBackup } from './file-store/recover';
export * from './types';
