/** startRuntime: opens the store (files or PostgreSQL), builds the app (main mode: BullMQ queue, schedulers, event bridge), listens, and closes everything in order. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBuiltinCatalog } from '@idflow/nodes';
import type { DestinationStream } from 'pino';
import { createApp, type RuntimeApp } from './app';
import { type Config, type ConfigInput, resolveConfig, storeLocation } from './config';
import type { RuntimeClock } from './context';
import { createLogger } from './logger';
import type { RuntimeQueue } from './queue/run-queue';
import type { MainRole } from './scale/main-role';
import type { ScaleHealthChecker } from './scale/scale-health';
import type { Scheduler } from './schedules/scheduler';
import { createFileStore } from './store/index';
import type { Store } from './store/types';
import { isPostgresUrl } from './store-postgres/store-url';

export interface StartOptions {
  /** Log destination (default stdout); tests capture lines here. */
  logStream?: DestinationStream;
  /** A store to use instead of the one IDFLOW_STORE names (opened by startRuntime), e.g. createStoreFromUrl(url). */
  store?: Store;
  /** A run queue to use instead of the mode's (in-process; main: BullMQ). */
  queue?: RuntimeQueue;
  /** A scheduler to use instead of the mode's (node-cron; main: BullMQ job schedulers). */
  scheduler?: Scheduler;
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
  if (config.mode === 'worker') {
    throw new Error(
      'IDFLOW_MODE=worker runs no HTTP server: start it with `idflow worker` (or apps/runtime/src/scale/worker-main.ts).',
    );
  }
  let runtime: RuntimeApp | undefined;
  const logger = createLogger({
    level: config.logLevel,
    stream: options.logStream,
    secrets: () => runtime?.context.secrets.values() ?? [],
  });
  // Redis first (a ping, 3 s timeout): nothing is touched when the queue is unreachable.
  // BullMQ, ioredis and pg load only in the modes that use them: a single-process runtime on files starts faster
  // and smaller without them.
  if (config.mode === 'main' && !options.queue && config.redisUrl)
    await (await import('./scale/redis-connect')).checkRedis(config.redisUrl);
  const location = storeLocation(config);
  const usesPostgres = !options.store && isPostgresUrl(location);
  const store =
    options.store ??
    (usesPostgres
      ? (await import('./store-postgres/store-from-url')).createStoreFromUrl(location)
      : createFileStore({ dir: location, warn: (m) => logger.warn({}, m) }));
  // PostgreSQL down: StoreUnavailableError naming host:port (connect timeout 5 s).
  await store.open();
  const catalog = createBuiltinCatalog();
  let main: MainRole | undefined;
  let health: ScaleHealthChecker | undefined;
  try {
    // Redis down: RedisUnavailableError naming host:port (ping timeout 3 s).
    if (config.mode === 'main' && !options.queue)
      main = await (await import('./scale/main-role')).createMainRole({ config, store, catalog, logger });
    // One kept connection per dependency for /healthz (not a new Redis connection per check).
    health =
      !main && (usesPostgres || config.mode === 'main')
        ? (await import('./scale/scale-health')).createScaleHealth({
            store,
            ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
          })
        : undefined;
    const dependencies = main ? main.health : health ? () => health!.check() : undefined;
    const queue = options.queue ?? main?.queue;
    const scheduler = options.scheduler ?? main?.scheduler;
    runtime = await createApp({
      config,
      store,
      catalog,
      logger,
      clock: options.clock,
      env: options.env,
      fetch: options.fetch,
      ...(queue ? { queue } : {}),
      ...(scheduler ? { scheduler } : {}),
      ...(dependencies ? { dependencies } : {}),
    });
    await main?.attach(runtime.context);
  } catch (err) {
    await main?.close().catch(() => {});
    await health?.close();
    await store.close();
    throw err;
  }
  if (config.mode === 'main' && !config.secretKey) {
    logger.warn(
      {},
      'IDFLOW_MODE=main without IDFLOW_SECRET_KEY: workers must use the same key (set it on every machine) or they cannot read connection secrets.',
    );
  }
  const rt = runtime;
  // A deep accept backlog for bursts of webhooks (Node's default is 511), and keep-alive longer than the usual
  // 60 s idle timeout of load balancers in front, so they never reuse a connection the runtime is closing.
  const server = createServer(rt.handler);
  server.listen({ port: config.port, host: config.host, backlog: 2048 });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
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
        await main?.close();
        await health?.close();
        await store.close();
        logger.flush();
      })();
      return closing;
    },
  };
}
