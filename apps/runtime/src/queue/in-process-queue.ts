/** In-process RunQueue: FIFO backlog, global and per-flow concurrency limits, a bounded backlog, cancel and drain. */
import { QueueFullError, type RunQueue, type RunWorker } from './run-queue';

export interface InProcessQueueOptions {
  maxConcurrent: number;
  maxPerFlow: number;
  /** Backlog bound: enqueue beyond it throws QueueFullError. */
  maxDepth: number;
  worker: RunWorker;
  onError?: (runId: string, err: unknown) => void;
}

export interface InProcessQueue extends RunQueue {
  running(): number;
}

/**
 * @example const q = createInProcessQueue({ maxConcurrent: 8, maxPerFlow: 4, maxDepth: 1000, worker }); q.enqueue(id, flowId)
 */
export function createInProcessQueue(opts: InProcessQueueOptions): InProcessQueue {
  const waiting: Array<{ runId: string; flowId: string }> = [];
  const active = new Map<string, { flowId: string; controller: AbortController; done: Promise<void> }>();
  const perFlow = new Map<string, number>();
  let draining = false;

  const pump = () => {
    if (draining) return;
    for (let i = 0; i < waiting.length && active.size < opts.maxConcurrent; ) {
      const item = waiting[i]!;
      if ((perFlow.get(item.flowId) ?? 0) >= opts.maxPerFlow) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      start(item.runId, item.flowId);
    }
  };

  const start = (runId: string, flowId: string) => {
    const controller = new AbortController();
    perFlow.set(flowId, (perFlow.get(flowId) ?? 0) + 1);
    const done = Promise.resolve()
      .then(() => opts.worker(runId, controller.signal))
      .catch((err) => opts.onError?.(runId, err))
      .finally(() => {
        active.delete(runId);
        const n = (perFlow.get(flowId) ?? 1) - 1;
        if (n <= 0) perFlow.delete(flowId);
        else perFlow.set(flowId, n);
        pump();
      });
    active.set(runId, { flowId, controller, done });
  };

  return {
    enqueue(runId, flowId) {
      if (waiting.length >= opts.maxDepth) {
        // Rough estimate: one backlog "round" per concurrent slot, at least a second.
        throw new QueueFullError(waiting.length, Math.max(1, Math.ceil(waiting.length / opts.maxConcurrent)));
      }
      if (active.has(runId) || waiting.some((w) => w.runId === runId)) return;
      waiting.push({ runId, flowId });
      pump();
    },
    cancel(runId) {
      const i = waiting.findIndex((w) => w.runId === runId);
      if (i >= 0) {
        waiting.splice(i, 1);
        return 'removed';
      }
      const a = active.get(runId);
      if (a) {
        a.controller.abort(new Error('cancelled'));
        return 'aborted';
      }
      return 'unknown';
    },
    depth: () => waiting.length,
    running: () => active.size,
    async drain(timeoutMs = Number.POSITIVE_INFINITY) {
      draining = true;
      const all = Promise.all([...active.values()].map((a) => a.done)).then(() => true);
      if (!Number.isFinite(timeoutMs)) return all;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const result = await Promise.race([all, timeout]);
      clearTimeout(timer);
      return result;
    },
  };
}
