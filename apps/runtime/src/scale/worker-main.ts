/**
 * Worker process entry: `idflow worker`, `IDFLOW_MODE=worker npx tsx apps/runtime/src/main.ts`, or
 * `npx tsx apps/runtime/src/scale/worker-main.ts`. Takes run jobs from Redis until SIGTERM/SIGINT.
 */
import { pathToFileURL } from 'node:url';
import { createBuiltinCatalog } from '@idflow/nodes';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { createStoreFromUrl } from '../store-postgres/store-from-url';
import { checkRedis } from './redis-connect';
import { scaleConfigOf } from './scale-config';
import { type RunningWorker, startWorker } from './worker';

/**
 * Starts a worker from IDFLOW_* variables and `--flag value` arguments (IDFLOW_MODE defaults to `worker` here) and
 * resolves once it is ready; the process then runs until a signal stops it. Errors: one line to stderr, exit 1 (2 for
 * bad configuration).
 * @example await runWorkerMain(process.argv.slice(2));
 */
export async function runWorkerMain(
  argv: readonly string[],
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<RunningWorker | undefined> {
  try {
    return await start(argv, baseEnv);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`idflow worker failed to start: ${message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
}

async function start(argv: readonly string[], baseEnv: NodeJS.ProcessEnv): Promise<RunningWorker> {
  const env: NodeJS.ProcessEnv = { ...baseEnv, IDFLOW_MODE: baseEnv.IDFLOW_MODE || 'worker' };
  const config = loadConfig(env, argv);
  const scale = scaleConfigOf(config);
  if (scale.mode !== 'worker')
    throw new Error(`this command runs the worker role; IDFLOW_MODE is ${scale.mode}.`);
  let worker: RunningWorker | undefined;
  const logger = createLogger({
    level: config.logLevel,
    secrets: () => worker?.context.secrets.values() ?? [],
  });
  // Redis down: RedisUnavailableError naming host:port, before PostgreSQL is touched.
  await checkRedis(scale.redisUrl!);
  const store = createStoreFromUrl(scale.store);
  // PostgreSQL down: StoreUnavailableError naming host:port (connect timeout 5 s).
  await store.open();
  try {
    worker = await startWorker({
      store,
      catalog: createBuiltinCatalog(),
      redisUrl: scale.redisUrl!,
      prefix: scale.queuePrefix,
      concurrency: scale.workerConcurrency,
      ...(scale.perFlowConcurrency ? { perFlowConcurrency: scale.perFlowConcurrency } : {}),
      onStalled: scale.onStalled,
      config,
      logger,
      ...(scale.workerId ? { workerId: scale.workerId } : {}),
      eventsChannel: scale.eventsChannel,
      lockDurationMs: scale.lockDurationMs,
      stalledIntervalMs: scale.stalledIntervalMs,
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const running = worker;
  process.stdout.write(`idflow worker ${running.id} ready\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: finishing running runs...\n`);
    running
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (err) => {
          process.stderr.write(`worker shutdown failed: ${String(err)}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return running;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void runWorkerMain(process.argv.slice(2));
}
