/** StepHost and StepOutcome: what a step needs from its run, and what it gives back. */
import type { NodeError } from '../errors';
import type { Clock, ConnectionResolver, ExpressionContext, Logger, NodeResult } from '../node-type';
import type { RunEvent, RunRecord, TriggerInfo } from '../run-types';
import type { ChildRuns } from './child-runs';
import type { Snapshot } from './step-record';

/** What a step needs from its run. */
export interface StepHost {
  runId: string;
  flowId: string;
  scope: ExpressionContext;
  /** The run's signal (made on first use: most runs never need one). */
  readonly signal: AbortSignal;
  /** Why the run stopped, once it has (its signal's reason, unless it shares its parent's signal). */
  stopReason(): NodeError | undefined;
  clock: Clock;
  fetch: typeof fetch;
  log: Logger;
  connections: ConnectionResolver;
  random: () => number;
  secrets: readonly string[];
  capBytes: number;
  dryRun: boolean;
  trigger: TriggerInfo;
  expressionTimeoutMs: number;
  emit?: (event: RunEvent) => void;
  /** `promise`, rejected with the run's abort reason as soon as the run stops (no listener per step). */
  guard<T>(promise: Promise<T>): Promise<T>;
  runChild(
    flowId: string,
    input: unknown,
    options: { item?: unknown; index?: number; signal?: AbortSignal },
    children: ChildRuns,
    signal: AbortSignal,
  ): Promise<RunRecord>;
}

export interface StepOutcome {
  /** Ports that are live after this step; empty when it failed without a handled error. */
  ports: string[];
  /** The step failed and its error was not handled: the run fails. */
  error?: NodeError;
  /** Value visible to expressions as `steps.<id>`. */
  output?: unknown;
  response?: NodeResult['response'];
  /** The output as the step record keeps it (reused as the run output when it is the whole value and fits). */
  recorded?: Snapshot;
}
