/** The services one runtime instance shares between routes, webhooks, schedules and the executor. */
import type { AnyNodeType, Catalog, Clock } from '@idflow/engine';
import type { AdminTokenState } from './auth';
import type { Config } from './config';
import type { EventBus } from './events-bus';
import type { RuntimeConnections } from './executor/connection-resolver';
import type { RunService } from './executor/run-service';
import type { FlowService } from './flow-service';
import type { FlowsDir } from './flows-dir/index';
import type { RuntimeLogger } from './logger';
import type { Metrics } from './metrics';
import type { RuntimeQueue } from './queue/run-queue';
import type { ScaleHealth } from './scale/scale-health';
import type { Scheduler } from './schedules/scheduler';
import type { SecretCipher } from './secrets/cipher';
import type { SecretRegistry } from './secrets/secret-registry';
import type { Store } from './store/types';

export type RuntimeCatalog = Catalog<AnyNodeType>;

export interface RuntimeClock extends Clock {
  nowIso(): string;
}

export interface RuntimeContext {
  config: Config;
  store: Store;
  catalog: RuntimeCatalog;
  log: RuntimeLogger;
  clock: RuntimeClock;
  env: NodeJS.ProcessEnv;
  cipher: SecretCipher;
  secrets: SecretRegistry;
  admin: { state: AdminTokenState };
  bus: EventBus;
  metrics: Metrics;
  /** In-process (single, worker) or BullMQ (main). */
  queue: RuntimeQueue;
  connections: RuntimeConnections;
  /** Injected into runs and connection tests: the SSRF-guarded fetch. */
  fetch: typeof fetch;
  runs: RunService;
  flows: FlowService;
  /** Directory mode (`--flows-dir`): present when the runtime loads and watches a flows directory. */
  flowsDir?: FlowsDir;
  scheduler: Scheduler;
  lifecycle: { shuttingDown: boolean };
  /** Shared dependencies (Redis, PostgreSQL) for /healthz, when the runtime uses them. */
  dependencies?: () => Promise<ScaleHealth>;
}

export function systemClock(): RuntimeClock {
  // A run asks for the time at every step; within one millisecond the answer is the same string.
  let lastMs = -1;
  let lastIso = '';
  return {
    now: () => Date.now(),
    nowIso: () => {
      const ms = Date.now();
      if (ms !== lastMs) {
        lastMs = ms;
        lastIso = new Date(ms).toISOString();
      }
      return lastIso;
    },
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
