/**
 * The main role's queue-mode pieces, built before the app: the BullMQ run queue and job schedulers; after the app:
 * the Redis event bridge (worker events → SSE bus, metrics and `runs.wait()`), queue metrics and health.
 */
import type { Config } from '../config';
import { eventsChannelOf } from '../config';
import type { RuntimeCatalog, RuntimeContext } from '../context';
import { observeRunEvent } from '../executor/run-metrics';
import type { RuntimeLogger } from '../logger';
import type { Scheduler } from '../schedules/scheduler';
import type { Store } from '../store/types';
import { type BullRunQueue, createBullRunQueue } from './bull-run-queue';
import { createQueueScheduler } from './queue-schedules';
import { checkRedis } from './redis-connect';
import { createRedisEventBridge, type RedisEventBridge } from './redis-events';
import { createScaleHealth, registerQueueMetrics, type ScaleHealth } from './scale-health';

export interface MainRole {
  queue: BullRunQueue;
  scheduler: Scheduler;
  health(): Promise<ScaleHealth>;
  /** Subscribes to worker events and registers queue metrics; resolves once the subscription is live. */
  attach(context: RuntimeContext): Promise<void>;
  /** After the app's shutdown (adds flushed): closes the bridge, metrics and queue connections. */
  close(): Promise<void>;
}

/**
 * Checks Redis first (clear error naming host:port, no hang), then builds the queue and the schedulers.
 * @example
 * const main = await createMainRole({ config, store, catalog, logger });
 * const rt = await createApp({ ..., queue: main.queue, scheduler: main.scheduler, dependencies: main.health });
 * await main.attach(rt.context);
 */
export async function createMainRole(opts: {
  config: Config;
  store: Store;
  catalog: RuntimeCatalog;
  logger: RuntimeLogger;
}): Promise<MainRole> {
  const { config, store, logger: log } = opts;
  const redisUrl = config.redisUrl;
  if (!redisUrl) throw new Error('IDFLOW_MODE=main needs IDFLOW_REDIS_URL (redis://host:6379).');
  await checkRedis(redisUrl);
  const queue = createBullRunQueue({
    redisUrl,
    prefix: config.queuePrefix,
    maxDepth: config.maxQueueDepth,
    workerSlots: config.workerConcurrency,
    onError: (runId, err) => log.error({ err, runId }, 'run queue error'),
  });
  const scheduler = createQueueScheduler({
    queue: queue.queue,
    redisUrl,
    store,
    catalog: opts.catalog,
    onWarn: (flowId, message) => log.warn({ flowId }, message),
    onInfo: (flowId, message) => log.info({ flowId }, message),
  });
  let bridge: RedisEventBridge | undefined;
  let stopMetrics: (() => Promise<void>) | undefined;
  // One kept Redis connection for /healthz instead of a new one per check.
  const health = createScaleHealth({ redisUrl, store });
  return {
    queue,
    scheduler,
    health: () => health.check(),
    async attach(context) {
      bridge = createRedisEventBridge({
        redisUrl,
        channel: eventsChannelOf(config),
        onEvent: (event) => {
          observeRunEvent(context.metrics, event);
          context.bus.publish(event);
          if (event.type === 'run.finished' && !event.parentRunId) {
            context.runs.settle(event.runId, event.flowId).catch((err) => {
              log.warn({ err, runId: event.runId }, 'finished run could not be read');
            });
          }
        },
        onError: (err) => log.warn({ err }, 'run event from a worker not understood'),
      });
      await bridge.ready;
      stopMetrics = registerQueueMetrics(context.metrics.registry, queue, {
        redisUrl,
        prefix: config.queuePrefix,
      });
    },
    async close() {
      await bridge?.close();
      await stopMetrics?.();
      await health.close();
      await queue.close();
    },
  };
}
