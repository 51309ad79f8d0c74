/** Entry point: parses IDFLOW_* env and flags, starts the runtime (or, IDFLOW_MODE=worker, a worker), stops gracefully on SIGTERM/SIGINT. */
import { ConfigError, loadConfig } from './config';
import { startRuntime } from './server';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (config.mode === 'worker') {
    // Loaded only for workers: BullMQ and ioredis stay out of a single-process runtime.
    const { runWorkerMain } = await import('./scale/worker-main');
    await runWorkerMain(process.argv.slice(2));
    return;
  }
  const rt = await startRuntime(config);
  if (rt.runtime.generatedAdminToken) {
    process.stderr.write(`\nAdmin token (shown once, store it now): ${rt.runtime.generatedAdminToken}\n\n`);
  }
  process.stdout.write(`idflow runtime${config.mode === 'main' ? ' (main)' : ''} on ${rt.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: finishing running runs (up to ${config.shutdownGraceMs} ms)...\n`);
    rt.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(
    `idflow runtime failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
