/** @idflow/engine: flow model, validation, expressions, executor and run records. */
export * from './errors';
export * from './executor/index';
export * from './expressions/index';
export * from './model/index';
export * from './node-type';
export * from './run-types';
