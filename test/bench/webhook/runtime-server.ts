/** Child process: the idflow runtime with a temp data dir and an admin token (env BENCH_DATA_DIR, BENCH_ADMIN_TOKEN). */

import { startRuntime } from '../../../apps/runtime/src/index';
import { createFileStore } from '../../../apps/runtime/src/store/index';
import type { Store } from '../../../apps/runtime/src/store/types';
import type { RunRecord } from '../../../packages/engine/src/index';
import { serveParent } from '../support/child';

const dataDir = process.env.BENCH_DATA_DIR;
const adminToken = process.env.BENCH_ADMIN_TOKEN;
if (!dataDir || !adminToken) throw new Error('BENCH_DATA_DIR and BENCH_ADMIN_TOKEN are required');

/**
 * Experiments for profiling only (the suite never sets BENCH_EXPERIMENT): what the request path would gain if
 * the executor did not wait for the `running` record's fdatasync (`async-running`: those saves resolve at once;
 * the line is still appended and fsynced, in order). Not every save can: getRun only sees durable lines.
 */
function experimentalStore(mode: string | undefined): Store | undefined {
  if (!mode) return undefined;
  const store = createFileStore({ dir: dataDir!, warn: (m) => console.error(m) });
  const saveRun = store.saveRun.bind(store);
  store.saveRun = (run: RunRecord) => {
    const done = saveRun(run);
    if (mode === 'async-running' && run.status === 'running') {
      done.catch((err: unknown) => console.error(err));
      return Promise.resolve();
    }
    return done;
  };
  return store;
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const rt = await startRuntime(
  {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken,
    // Production defaults otherwise; retention off so the bench can count every run it caused.
    retentionMaxRuns: 10_000_000,
    logLevel: (process.env.BENCH_LOG_LEVEL as Level | undefined) ?? 'info',
    // Experiments only, e.g. BENCH_RUNTIME_CONFIG='{"maxRunsPerFlow":50}'; the suite never sets it.
    ...(JSON.parse(process.env.BENCH_RUNTIME_CONFIG ?? '{}') as Record<string, unknown>),
  },
  { store: experimentalStore(process.env.BENCH_EXPERIMENT) },
);
/** User + system CPU time of this process so far (µs). */
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
serveParent(
  () => ({
    cpuUs: cpuUs(),
    userUs: process.cpuUsage().user,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssMb: process.memoryUsage.rss() / 2 ** 20,
  }),
  () => rt.close(),
);
process.send?.({ type: 'ready', url: rt.url });
