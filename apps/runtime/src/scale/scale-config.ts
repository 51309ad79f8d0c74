/** Scale-out settings as one view of the runtime config (IDFLOW_MODE, IDFLOW_REDIS_URL, IDFLOW_STORE, worker limits). */
import {
  type Config,
  ConfigError,
  eventsChannelOf,
  loadConfig,
  perFlowLimit,
  type RuntimeMode,
  storeLocation,
} from '../config';

export interface ScaleConfig {
  mode: RuntimeMode;
  redisUrl?: string;
  /** A data folder (file store) or postgres://… */
  store: string;
  workerConcurrency: number;
  /** Runs of one flow at once across all workers (IDFLOW_MAX_RUNS_PER_FLOW); unset: no limit. */
  perFlowConcurrency?: number;
  queuePrefix: string;
  onStalled: 'interrupt' | 'rerun';
  workerId?: string;
  eventsChannel: string;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** The scale-out part of a loaded config. */
export function scaleConfigOf(c: Config): ScaleConfig {
  const perFlow = perFlowLimit(c);
  return {
    mode: c.mode,
    ...(c.redisUrl ? { redisUrl: c.redisUrl } : {}),
    store: storeLocation(c),
    workerConcurrency: c.workerConcurrency,
    ...(perFlow !== undefined ? { perFlowConcurrency: perFlow } : {}),
    queuePrefix: c.queuePrefix,
    onStalled: c.onStalled,
    ...(c.workerId ? { workerId: c.workerId } : {}),
    eventsChannel: eventsChannelOf(c),
    lockDurationMs: c.lockDurationMs,
    stalledIntervalMs: c.stalledIntervalMs,
  };
}

/**
 * Reads the scale-out variables (through loadConfig, so every IDFLOW_* value is checked); throws ConfigError
 * listing every problem.
 * @example const scale = loadScaleConfig(process.env); if (scale.mode === 'worker') ...
 */
export function loadScaleConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): ScaleConfig {
  return scaleConfigOf(loadConfig(env, argv));
}

export { ConfigError };
