/** @idflow/nodes: the built-in node types. Browser code imports `@idflow/nodes/definitions` instead. */
export { builtinDefinitions } from './definitions';
export * from './registry';
export { isTruthy, jsonEqual } from './shared/values';
