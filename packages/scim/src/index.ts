// Public entry point of @idflow/scim, a standalone SCIM 2.0 client (RFC 7643/7644).

export type { BulkOperation, BulkOptions, BulkOutcome, BulkResult } from './bulk';
export { ScimClient } from './client';
export * from './constants';
export type { DiscoverOptions } from './discovery';
export {
  ScimClientError,
  ScimConflictError,
  ScimError,
  type ScimErrorCode,
  ScimHttpError,
  ScimNetworkError,
} from './errors';
export {
  type Attr,
  AttrRef,
  type FilterValue,
  f,
  filterLiteral,
  memberPath,
  ScimFilter,
  scimFilter,
} from './filter';
export { GroupApi } from './groups';
export {
  applyChanges,
  buildPatchOperations,
  buildValueMapOperations,
  type Changes,
} from './patch';
export { ATTR_PATH_PATTERN, type ParsedPath, parsePath } from './path';
export { ResourceApi } from './resource';
export type * from './types';
export { UserApi } from './users';
