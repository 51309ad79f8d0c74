/** The RunQueue contract: small on purpose, so a BullMQ/Redis queue can replace the in-process one for scale-out. */

export interface RunQueue {
  /** Schedules a persisted `queued` run. Throws QueueFullError when the backlog is at its bound (never drops). */
  enqueue(runId: string, flowId: string): void;
  /** Removes a waiting run or aborts a running one. Returns what happened. */
  cancel(runId: string): 'removed' | 'aborted' | 'unknown';
  /** Runs waiting to start. */
  depth(): number;
  /** Stops starting new runs and resolves once the running ones finish (or `timeoutMs` passes; returns false then). */
  drain(timeoutMs?: number): Promise<boolean>;
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
