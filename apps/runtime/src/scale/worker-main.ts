/** Worker process entry (`IDFLOW_MODE=worker tsx apps/runtime/src/scale/worker-main.ts`, later `idflow worker`). */
import { createBuiltinCatalog } from '@idflow/nodes';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { createStoreFromUrl } from '../store-postgres/store-from-url';
import { loadScaleConfig } from './scale-config';
import { startWorker } from './worker';

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, IDFLOW_MODE: process.env.IDFLOW_MODE || 'worker' };
  const scale = loadScaleConfig(env);
  if (scale.mode !== 'worker')
    throw new Error(`worker-main runs the worker role; IDFLOW_MODE is ${scale.mode}.`);
  const config = loadConfig(env, process.argv.slice(2));
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  const logger = createLogger({
    level: config.logLevel,
    secrets: () => worker?.context.secrets.values() ?? [],
  });
  const store = createStoreFromUrl(scale.store);
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
}

main().catch((err) => {
  const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`idflow worker failed to start: ${message}\n`);
  process.exit(1);
});
