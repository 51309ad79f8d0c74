/** Executor: compile a flow once, run it into a run record. Server-side (not part of the browser model). */
export { compileFlow, isCompiledFlow } from './compile-flow';
export { noConnections, randomIds, silentLogger, systemClock } from './defaults';
export { retryAfterTooLong, retryDelay, shouldRetry } from './retry';
export { runFlow } from './run-flow';
export { REDACTED, recordValue, redact } from './step-record';
export type { CompiledEdge, CompiledFlow, CompiledNode, RunLimits, RunOptions } from './types';
