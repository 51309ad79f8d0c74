/** Run records and run events: plain JSON, so any store or queue can carry them. */

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface RunErrorInfo {
  message: string;
  /** Closed set, see FlowErrorCode. */
  code: string;
  nodeId?: string;
  /** Capped like step outputs; `detailsTruncated` says when the cap cut it. */
  details?: unknown;
  detailsTruncated?: boolean;
}

/** Child runs of one step, summarised (each child run is its own record, found by `parentRunId`). */
export interface ChildRunsSummary {
  /** Every child run the step started and saw finish. */
  count: number;
  /** How many of them did not succeed. */
  failed: number;
  /** Ids of the first 100 that did not succeed. */
  failedIds?: string[];
}

export interface StepRecord {
  nodeId: string;
  type: string;
  status: StepStatus;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  /** Resolved config the node ran with, secrets redacted; capped like `output` (`inputTruncated`). */
  input?: unknown;
  inputTruncated?: boolean;
  /** Node output, capped; `truncated` says when the cap cut it. */
  output?: unknown;
  truncated?: boolean;
  /** Output port(s) the node emitted on. */
  ports?: string[];
  error?: RunErrorInfo;
  /** True when a dry run recorded `plan()` output instead of running. */
  planned?: boolean;
  /** True when the output was reused from an earlier run (resume). */
  reused?: boolean;
  /**
   * Helper-flow child runs started by this step (forEach, flow.call): the first 20 ids only; `childRuns` counts
   * them all. Query runs by `parentRunId` for the rest.
   */
  childRunIds?: string[];
  childRuns?: ChildRunsSummary;
}

export interface TriggerInfo {
  kind: 'manual' | 'webhook' | 'schedule' | 'call' | 'rerun';
  /** The trigger payload as expressions see it under `trigger`. */
  data: unknown;
}

export interface RunRecord {
  id: string;
  flowId: string;
  /** sha256 of the canonical JSON of the exact flow version that ran. */
  flowHash: string;
  flowVersion?: number;
  parentRunId?: string;
  /** For reruns: the run this one repeats. */
  rerunOf?: string;
  trigger: TriggerInfo;
  status: RunStatus;
  dryRun?: boolean;
  queuedAt?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  steps: StepRecord[];
  /** The flow's result: the `flow.respond` body or the last node's output; capped like step outputs. */
  output?: unknown;
  /** True when `output` is a `{ preview, bytes }` stand-in (see `limits.runOutputCapBytes`). */
  outputTruncated?: boolean;
  /** Set by `flow.respond`: the webhook response. */
  response?: { status: number; headers: Record<string, string>; body: unknown };
  error?: RunErrorInfo;
}

export type RunEvent =
  | { type: 'run.started'; runId: string; flowId: string; at: string; parentRunId?: string }
  | { type: 'step.started'; runId: string; flowId: string; at: string; nodeId: string; attempt: number }
  | { type: 'step.finished'; runId: string; flowId: string; at: string; nodeId: string; step: StepRecord }
  | {
      type: 'run.finished';
      runId: string;
      flowId: string;
      at: string;
      parentRunId?: string;
      status: RunStatus;
      durationMs: number;
      error?: RunErrorInfo;
    };
