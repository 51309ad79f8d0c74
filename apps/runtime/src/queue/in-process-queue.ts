/** In-process RunQueue: FIFO backlog, global and per-flow concurrency limits, a bounded backlog, cancel and drain. */

import { withinTimeout } from '../within-timeout';
import { QueueFullError, type RunQueue, type RunWorker } from './run-queue';

export interface InProcessQueueOptions {
  maxConcurrent: number;
  maxPerFlow: number;
  /** Backlog bound: enqueue beyond it throws QueueFullError (reserved slots count, see `reserve`). */
  maxDepth: number;
  /** Resolves when the run gives its slot back (the runtime's worker returns once the engine is done). */
  worker: RunWorker;
  onError?: (runId: string, err: unknown) => void;
}

export interface InProcessQueue extends RunQueue {
  running(): number;
}

/** One flow's waiting runs (FIFO; `head` avoids shifting) and how many of its runs hold a slot. */
interface FlowLane {
  ids: string[];
  seqs: number[];
  head: number;
  running: number;
}

/**
 * The backlog is one FIFO per flow, each item numbered globally: the next run to start is the oldest head among
 * flows under their limit (O(flows), never O(backlog)), so a deep backlog of one flow at its limit costs nothing
 * per completion. Only run ids live here.
 * @example const q = createInProcessQueue({ maxConcurrent: 64, maxPerFlow: 32, maxDepth: 10_000, worker }); q.enqueue(id, flowId)
 */
export function createInProcessQueue(opts: InProcessQueueOptions): InProcessQueue {
  const lanes = new Map<string, FlowLane>();
  const waitingIds = new Set<string>();
  const active = new Map<string, { flowId: string; controller: AbortController; done: Promise<void> }>();
  let reserved = 0;
  let seq = 0;
  let draining = false;

  const lane = (flowId: string): FlowLane => {
    let l = lanes.get(flowId);
    if (!l) {
      l = { ids: [], seqs: [], head: 0, running: 0 };
      lanes.set(flowId, l);
    }
    return l;
  };

  const dropIfIdle = (flowId: string, l: FlowLane) => {
    if (l.running === 0 && l.head >= l.ids.length) lanes.delete(flowId);
  };

  const pump = () => {
    if (draining) return;
    while (active.size < opts.maxConcurrent && waitingIds.size > 0) {
      let best: { flowId: string; l: FlowLane } | undefined;
      let bestSeq = Number.POSITIVE_INFINITY;
      for (const [flowId, l] of lanes) {
        if (l.running >= opts.maxPerFlow || l.head >= l.ids.length) continue;
        const s = l.seqs[l.head]!;
        if (s < bestSeq) {
          bestSeq = s;
          best = { flowId, l };
        }
      }
      if (!best) return;
      const { flowId, l } = best;
      const runId = l.ids[l.head]!;
      l.head++;
      if (l.head > 1024 && l.head * 2 > l.ids.length) {
        l.ids = l.ids.slice(l.head);
        l.seqs = l.seqs.slice(l.head);
        l.head = 0;
      }
      waitingIds.delete(runId);
      start(runId, flowId, l);
    }
  };

  const settle = (runId: string, flowId: string, l: FlowLane) => {
    active.delete(runId);
    l.running--;
    dropIfIdle(flowId, l);
    pump();
  };

  const start = (runId: string, flowId: string, l: FlowLane) => {
    const controller = new AbortController();
    l.running++;
    // The worker starts on the next microtask (never inside enqueue's caller); two reactions, no .catch/.finally.
    const done = Promise.resolve()
      .then(() => opts.worker(runId, controller.signal))
      .then(
        () => settle(runId, flowId, l),
        (err: unknown) => {
          try {
            opts.onError?.(runId, err);
          } finally {
            settle(runId, flowId, l);
          }
        },
      );
    active.set(runId, { flowId, controller, done });
  };

  const full = () => {
    const depth = waitingIds.size + reserved;
    // Rough estimate: one backlog "round" per concurrent slot, at least a second.
    return new QueueFullError(depth, Math.max(1, Math.ceil(depth / opts.maxConcurrent)));
  };

  return {
    reserve() {
      if (waitingIds.size + reserved >= opts.maxDepth) throw full();
      reserved++;
      let held = true;
      return () => {
        if (held) reserved--;
        held = false;
      };
    },
    enqueue(runId, flowId, _extras, enqueueOpts) {
      if (active.has(runId) || waitingIds.has(runId)) return;
      // A reserved slot was counted already; recovery (`force`) re-queues runs that were accepted before.
      if (!enqueueOpts?.reserved && !enqueueOpts?.force && waitingIds.size + reserved >= opts.maxDepth)
        throw full();
      const l = lane(flowId);
      l.ids.push(runId);
      l.seqs.push(seq++);
      waitingIds.add(runId);
      pump();
    },
    cancel(runId) {
      if (waitingIds.has(runId)) {
        for (const [flowId, l] of lanes) {
          const i = l.ids.indexOf(runId, l.head);
          if (i < 0) continue;
          l.ids.splice(i, 1);
          l.seqs.splice(i, 1);
          waitingIds.delete(runId);
          dropIfIdle(flowId, l);
          return 'removed';
        }
      }
      const a = active.get(runId);
      if (a) {
        a.controller.abort(new Error('cancelled'));
        return 'aborted';
      }
      return 'unknown';
    },
    depth: () => waitingIds.size,
    running: () => active.size,
    async drain(timeoutMs = Number.POSITIVE_INFINITY) {
      draining = true;
      const all = Promise.all([...active.values()].map((a) => a.done)).then(() => true);
      return withinTimeout(all, timeoutMs);
    },
  };
}
