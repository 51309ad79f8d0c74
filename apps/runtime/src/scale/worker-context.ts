/** The run-execution side of the runtime, built in a worker process: the same services as the main, no HTTP. */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../app';
import { type Config, type ConfigInput, resolveConfig } from '../config';
import type { RuntimeCatalog, RuntimeContext } from '../context';
import type { RuntimeLogger } from '../logger';
import type { Store } from '../store/types';

export interface WorkerRuntimeOptions {
  /** An opened store shared with the main process (PostgreSQL). */
  store: Store;
  catalog: RuntimeCatalog;
  logger: RuntimeLogger;
  config?: Config | ConfigInput;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

/** Thrown when a worker has no way to read the connection secrets the main process encrypted. */
export class WorkerSecretKeyError extends Error {
  constructor(file: string) {
    super(
      `A worker decrypts connection secrets with the main process's key, and none is set here: set IDFLOW_SECRET_KEY ` +
        `to the same value on every machine (or copy the main's secret.key to ${file}).`,
    );
    this.name = 'WorkerSecretKeyError';
  }
}

/**
 * Builds the runtime services with the runtime's own createApp (so runs execute exactly as in single mode: events,
 * redaction, helper flows, metrics) and never listens. Nothing is started: no schedules, recovery or retention.
 * @example
 * const { context } = await createWorkerRuntime({ store, catalog: createBuiltinCatalog(), logger });
 * await context.runs.execute(runId, signal);
 */
export async function createWorkerRuntime(opts: WorkerRuntimeOptions): Promise<{ context: RuntimeContext }> {
  const config = resolveConfig({
    ...(opts.config ?? {}),
    // Workers serve no admin API; a throwaway token keeps createApp from generating and storing one.
    adminToken: randomBytes(24).toString('base64url'),
  });
  const keyFile = path.join(config.dataDir, 'secret.key');
  if (!config.secretKey && !existsSync(keyFile)) throw new WorkerSecretKeyError(keyFile);
  const rt = await createApp({
    config,
    store: opts.store,
    catalog: opts.catalog,
    logger: opts.logger,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return { context: rt.context };
}
