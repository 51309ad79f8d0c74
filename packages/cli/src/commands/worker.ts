/** `idflow worker [--flag value ...]`: runs a queue-mode worker (the runtime's worker entry) until SIGTERM/SIGINT. */
import { out } from '../io/output';
import { runtimeFunction } from './runtime-entry';

export const workerUsage = `Usage: idflow worker [--store postgres://...] [--redis-url redis://...] [--worker-concurrency 8] [...]

Runs a worker of a scaled-out runtime: takes run jobs from Redis (BullMQ), executes them with the built-in node
types, stores run records in PostgreSQL and publishes run events for the main processes. Stops gracefully on
SIGTERM/SIGINT (running runs finish first).

Settings are the runtime's IDFLOW_* variables, or the matching flags (IDFLOW_WORKER_CONCURRENCY = --worker-concurrency):
  IDFLOW_STORE              postgres://user:pass@host:5432/db (shared with the main processes)  [required]
  IDFLOW_REDIS_URL          redis://host:6379                                                 [required]
  IDFLOW_SECRET_KEY         the same key as every other process (connection secrets)
  IDFLOW_WORKER_CONCURRENCY runs this worker executes at once (default 8)
  IDFLOW_MAX_RUNS_PER_FLOW  runs of one flow at once across all workers (default: no limit)
  IDFLOW_ON_STALLED         a run whose worker died: interrupt (default) or rerun
  IDFLOW_QUEUE_PREFIX       Redis key prefix (default idflow)
See apps/runtime/src/scale/README.md.`;

export async function workerCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(workerUsage);
    return 0;
  }
  const runWorkerMain = await runtimeFunction<
    (argv: readonly string[], env: NodeJS.ProcessEnv) => Promise<unknown>
  >('scale/worker-main.ts', 'runWorkerMain');
  // Resolves once the worker is ready (a failed start prints one line and exits); open connections keep it running.
  // `idflow worker` is the worker role, even where IDFLOW_MODE=main is exported for the machine's main.
  await runWorkerMain(argv, { ...process.env, IDFLOW_MODE: 'worker' });
  return 0;
}
