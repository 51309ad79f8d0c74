/** @idflow/engine: flow model, validation, expressions, executor and run records. */
export * from './errors';
export * from './model/index';
export * from './node-type';
export * from './run-types';
