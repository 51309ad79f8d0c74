/** The RunQueue contract: small on purpose, so a BullMQ/Redis queue can replace the in-process one for scale-out. */
import type { StepRecord } from '@idflow/engine';

/**
 * What a run needs beyond its stored record when another process executes it. The stored trigger is redacted, so
 * when redaction changed it the real one travels encrypted (`enc:v1:…`, the deployment's IDFLOW_SECRET_KEY).
 */
export interface RunJobExtras {
  sealedTrigger?: string;
  /** Rerun from the failed step: where to start and the original run's steps. */
  resumeFrom?: { nodeId: string; steps: StepRecord[] };
}

/** `reserved`: the caller holds a slot from `reserve()`; `force`: re-queue an already accepted run (recovery). */
export interface EnqueueOptions {
  reserved?: boolean;
  force?: boolean;
}

export interface RunQueue {
  /**
   * Schedules a run (accepted mode: persisted `queued` first). Throws QueueFullError when the backlog is at its
   * bound (never drops), unless a slot was reserved or `force` is set.
   */
  enqueue(runId: string, flowId: string, extras?: RunJobExtras, opts?: EnqueueOptions): void;
  /**
   * Holds one backlog slot before the caller does slow work (saving the queued run), so a full queue is refused
   * before anything is written. Throws QueueFullError when full; call the returned release once enqueued or given up.
   */
  reserve?(): () => void;
  /** Removes a waiting run or aborts a running one. Returns what happened. */
  cancel(runId: string): 'removed' | 'aborted' | 'unknown';
  /** Runs waiting to start. */
  depth(): number;
  /** Stops starting new runs and resolves once the running ones finish (or `timeoutMs` passes; returns false then). */
  drain(timeoutMs?: number): Promise<boolean>;
}

/** The queue a runtime dispatches through: in-process (single) or BullMQ (main). */
export interface RuntimeQueue extends RunQueue {
  /** Runs executing now (for a remote queue: jobs active on any worker, from the last refresh). */
  running(): number;
  /** True when runs execute in other processes (workers): the runtime keeps no per-run state in memory then. */
  readonly remote?: boolean;
  /** Remote queues: whether a job that will still execute the run is in the queue (start-up recovery). */
  hasLiveJob?(runId: string): Promise<boolean>;
  /** Releases connections (after drain). */
  close?(): Promise<void>;
}

/** What the queue calls to execute a run; the signal aborts on cancel. */
export type RunWorker = (runId: string, signal: AbortSignal) => Promise<void>;

export class QueueFullError extends Error {
  constructor(
    readonly depth: number,
    /** Seconds a caller should wait before retrying. */
    readonly retryAfterSeconds: number,
  ) {
    super(`The run queue is full (${depth} runs waiting): retry after ${retryAfterSeconds} s.`);
    this.name = 'QueueFullError';
  }
}
