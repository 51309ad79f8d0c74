/** startRuntime: opens the file store, builds the app, listens, and closes everything in order. */
import type { AddressInfo } from 'node:net';
import { createBuiltinCatalog } from '@idflow/nodes';
import type { DestinationStream } from 'pino';
import { createApp, type RuntimeApp } from './app';
import { type Config, type ConfigInput, resolveConfig } from './config';
import type { RuntimeClock } from './context';
import { createLogger } from './logger';
import { createFileStore } from './store/index';
import type { Store } from './store/types';

export interface StartOptions {
  /** Log destination (default stdout); tests capture lines here. */
  logStream?: DestinationStream;
  /** A store to use instead of the file store in `dataDir` (opened by startRuntime). */
  store?: Store;
  clock?: RuntimeClock;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

export interface RunningRuntime {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  runtime: RuntimeApp;
  store: Store;
  /** Graceful stop: no new work, wait for running runs (grace period), close the server, flush the store. */
  close(): Promise<void>;
}

/**
 * @example const rt = await startRuntime({ port: 0, dataDir: tmp, adminToken: 'x'.repeat(32) }); await rt.close()
 */
export async function startRuntime(
  input: Config | ConfigInput,
  options: StartOptions = {},
): Promise<RunningRuntime> {
  const config = resolveConfig(input);
  let runtime: RuntimeApp | undefined;
  const logger = createLogger({
    level: config.logLevel,
    stream: options.logStream,
    secrets: () => runtime?.context.secrets.values() ?? [],
  });
  const store = options.store ?? createFileStore({ dir: config.dataDir, warn: (m) => logger.warn({}, m) });
  await store.open();
  try {
    runtime = await createApp({
      config,
      store,
      catalog: createBuiltinCatalog(),
      logger,
      clock: options.clock,
      env: options.env,
      fetch: options.fetch,
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const rt = runtime;
  const server = rt.app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  await rt.start();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.info({ url }, 'idflow runtime listening');
  if (rt.generatedAdminToken) {
    logger.warn(
      {},
      'IDFLOW_ADMIN_TOKEN is not set: generated an admin token, printed once at this start; only its hash is stored.',
    );
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    runtime: rt,
    store,
    close() {
      closing ??= (async () => {
        const { drained } = await rt.shutdown();
        if (!drained)
          logger.warn(
            {},
            'grace period over with runs still running; they will be marked interrupted at next start',
          );
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await store.close();
        logger.flush();
      })();
      return closing;
    },
  };
}
