// Public entry point of scim-sandbox: a SCIM 2.0 service provider for local demos and tests.
export { createSandboxApp } from './app';
export { ScimError, type ScimErrorBody, type ScimType } from './errors';
export { matches } from './filter/evaluate';
export {
  type CompareOp,
  type FilterNode,
  type Literal,
  type PatchPath,
  parseFilter,
  parsePatchPath,
} from './filter/parser';
export {
  DEFAULT_HIRES,
  DEFAULT_TERMINATIONS,
  type HireEvent,
  type HrFeed,
  type TerminationEvent,
} from './hr-feed';
export type { ResolvedOptions, SandboxFeatures, SandboxOptions } from './options';
export { applyPatch, type PatchOperation } from './patch';
export { GROUP_TYPE, RESOURCE_TYPES, SCHEMAS, USER_TYPE } from './schema/defs';
export { DEFAULT_GROUPS, DEFAULT_USERS } from './seed';
export { type RunningSandbox, type StartOptions, startSandbox } from './start';
export type { SandboxStore, ScimResource, SeedData } from './store';
export * from './urns';
