/** Browser-safe model: flow schema, node definitions, validation, canonical JSON. The editor imports only this. */
export * from './allow-expressions';
export * from './canonical-json';
export * from './catalog';
export * from './expression-syntax';
export * from './flow-schema';
export * from './graph';
export * from './issues';
export * from './json-schema';
export * from './linear-regex';
export * from './migrations/index';
export * from './nesting';
export * from './node-definition';
export * from './sha256';
export * from './validate-flow';
