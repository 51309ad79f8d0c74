/** @idflow/runtime: the Express server. Build it with createApp, or start it with startRuntime. */
export { type CreateAppOptions, createApp, type RuntimeApp } from './app';
export { type Config, ConfigError, type ConfigInput, loadConfig, resolveConfig } from './config';
export type { RuntimeContext } from './context';
export { createLogger } from './logger';
export { buildOpenApi } from './openapi';
export { createInProcessQueue } from './queue/in-process-queue';
export { QueueFullError, type RunQueue } from './queue/run-queue';
export { type RunningRuntime, type StartOptions, startRuntime } from './server';
export { signBody } from './webhooks/verify';
