/** Scale-out: BullMQ run queue (main), worker process, Redis event bridge, queue schedules, health and metrics. */
export { type BullRunQueue, type BullRunQueueOptions, createBullRunQueue } from './bull-run-queue';
export { createFlowSemaphore, type FlowSemaphore } from './flow-semaphore';
export { runMigrateStoreCli } from './migrate-store-cli';
export { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, type QueueLocation } from './queue-names';
export { createQueueScheduler, type QueueSchedulerOptions, upsertSchedule } from './queue-schedules';
export { checkRedis, RedisUnavailableError } from './redis-connect';
export {
  createRedisEventBridge,
  createRedisEventPublisher,
  DEFAULT_EVENTS_CHANNEL,
  type RedisEventBridge,
} from './redis-events';
export { loadScaleConfig, type ScaleConfig } from './scale-config';
export {
  createScaleHealth,
  registerQueueMetrics,
  type ScaleHealth,
  type ScaleHealthChecker,
  scaleHealth,
} from './scale-health';
export { type RunningWorker, type StartWorkerOptions, startWorker, type WorkerStats } from './worker';
export { createWorkerRuntime, WorkerSecretKeyError } from './worker-context';
