/** Browser-safe model: flow schema, node definitions, validation, canonical JSON. The editor imports only this. */
export * from './flow-schema';
export * from './node-definition';
