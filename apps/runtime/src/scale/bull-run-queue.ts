/** RunQueue on BullMQ (main role): each persisted `queued` run becomes one job (jobId = run id, so never twice). */
import { Queue, QueueEvents } from 'bullmq';
import { QueueFullError, type RuntimeQueue } from '../queue/run-queue';
import {
  cancelChannel,
  DEFAULT_PREFIX,
  DEFAULT_QUEUE_NAME,
  type QueueLocation,
  RUN_JOB,
} from './queue-names';
import { bullConnection, createRedisClient } from './redis-connect';
import { createScheduleOwner } from './schedule-owner';

export interface BullRunQueueOptions extends QueueLocation {
  /** Backlog bound: enqueue beyond it throws QueueFullError (IDFLOW_MAX_QUEUE_DEPTH). */
  maxDepth: number;
  /** Used to estimate Retry-After when full. Default 8. */
  workerSlots?: number;
  /** How often waiting/active counts are refreshed for depth() and running(). Default 500 ms. */
  countsEveryMs?: number;
  onError?: (runId: string | undefined, err: unknown) => void;
}

export interface BullRunQueue extends RuntimeQueue {
  /** Jobs being executed by workers (from the last refresh). */
  running(): number;
  readonly remote: true;
  hasLiveJob(runId: string): Promise<boolean>;
  /** The BullMQ queue (metrics, job schedulers). */
  readonly queue: Queue;
  /** Stalled jobs seen since start (a worker lost its lock, usually because it died). */
  stalledCount(): number;
  /** Resolves when every enqueue so far is in Redis; rejects with the first failure. */
  flush(): Promise<void>;
  refreshCounts(): Promise<void>;
  close(): Promise<void>;
}

/**
 * @example
 * const queue = createBullRunQueue({ redisUrl, maxDepth: 1000 });
 * await store.saveRun({ ...run, status: 'queued' }); // persisted first: an accepted run is never lost
 * queue.enqueue(run.id, run.flowId);
 */
export function createBullRunQueue(opts: BullRunQueueOptions): BullRunQueue {
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const name = opts.queueName ?? DEFAULT_QUEUE_NAME;
  const connection = bullConnection(opts.redisUrl);
  const queue = new Queue(name, { connection, prefix });
  const events = new QueueEvents(name, { connection, prefix });
  const pub = createRedisClient(opts.redisUrl, 'idflow-cancel-pub');
  queue.on('error', (err) => opts.onError?.(undefined, err));
  events.on('error', (err) => opts.onError?.(undefined, err));

  const pending = new Set<Promise<unknown>>();
  let firstFailure: unknown;
  let waiting = 0;
  let active = 0;
  let addedSinceRefresh = 0;
  let stalled = 0;
  let draining = false;
  /** Run ids a worker holds right now, as QueueEvents reports them (for a synchronous cancel()). */
  const activeIds = new Set<string>();
  events.on('active', ({ jobId }) => activeIds.add(jobId));
  events.on('completed', ({ jobId }) => activeIds.delete(jobId));
  events.on('failed', ({ jobId }) => activeIds.delete(jobId));
  events.on('removed', ({ jobId }) => activeIds.delete(jobId));
  events.on('stalled', () => {
    stalled++;
  });

  const refreshCounts = async () => {
    const c = await queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active');
    waiting = (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
    active = c.active ?? 0;
    addedSinceRefresh = 0;
  };
  const timer = setInterval(() => {
    refreshCounts().catch((err) => opts.onError?.(undefined, err));
  }, opts.countsEveryMs ?? 500);
  timer.unref();

  const track = (p: Promise<unknown>, runId?: string) => {
    const tracked = p.catch((err) => {
      firstFailure ??= err;
      opts.onError?.(runId, err);
    });
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
  };

  const depth = () => waiting + addedSinceRefresh;
  // `pub` only publishes (never subscribes), so it can read the schedule lanes too.
  const scheduleOwns = createScheduleOwner(queue, pub, prefix);

  return {
    queue,
    remote: true,
    async hasLiveJob(runId) {
      const job = await queue.getJob(runId);
      const state = await job?.getState();
      if (state === 'completed' || state === 'failed') {
        // Finished without finishing the run (the run is still `queued`): make room for a new job with this id.
        await job?.remove().catch(() => {});
      } else if (state !== undefined && state !== 'unknown') return true;
      // A scheduled run's job is its tick's, not its run id: a second job would run it outside the lane.
      return scheduleOwns(runId);
    },
    enqueue(runId, flowId, extras) {
      if (draining) throw new QueueFullError(depth(), 5);
      if (depth() >= opts.maxDepth) {
        throw new QueueFullError(depth(), Math.max(1, Math.ceil(depth() / (opts.workerSlots ?? 8))));
      }
      addedSinceRefresh++;
      // The run is already stored as `queued`: if Redis loses this add, start-up recovery enqueues it again.
      track(
        queue.add(
          RUN_JOB,
          {
            runId,
            flowId,
            ...(extras?.sealedTrigger ? { sealedTrigger: extras.sealedTrigger } : {}),
            ...(extras?.resumeFrom ? { resumeFrom: extras.resumeFrom } : {}),
          },
          {
            jobId: runId,
            attempts: 1,
            removeOnComplete: { age: 3600, count: 10_000 },
            removeOnFail: { age: 7 * 86_400 },
          },
        ),
        runId,
      );
    },
    cancel(runId) {
      if (activeIds.has(runId)) {
        // Whichever worker holds the run aborts it; the run finishes as `cancelled` there.
        track(pub.publish(cancelChannel(prefix), runId), runId);
        return 'aborted';
      }
      // Waiting (or unknown here): take the job out; a worker that still picks it sees the stored status and skips.
      track(
        queue.remove(runId).catch(() => 0),
        runId,
      );
      return 'removed';
    },
    depth,
    running: () => active,
    stalledCount: () => stalled,
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
      if (firstFailure !== undefined) throw firstFailure;
    },
    refreshCounts,
    async drain() {
      // Workers run the jobs; the main only has to get its adds into Redis.
      draining = true;
      await Promise.all([...pending]);
      return true;
    },
    async close() {
      clearInterval(timer);
      await Promise.all([...pending]);
      await events.close();
      await queue.close();
      await pub.quit().catch(() => pub.disconnect());
    },
  };
}
