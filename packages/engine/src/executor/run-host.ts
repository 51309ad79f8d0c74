/** RunHost: what a run's steps see of it (scope, signal, services, events, guard, child runs); one per run. */
import type { NodeError } from '../errors';
import type { Clock, ConnectionResolver, ExpressionContext, Logger } from '../node-type';
import type { RunEvent, RunRecord, TriggerInfo } from '../run-types';
import type { ChildRuns } from './child-runs';
import { noConnections, silentLogger } from './defaults';
import type { FlowRun } from './flow-run';
import type { StepHost } from './step-host';
import { runChildFlow } from './subflows';

const NO_SECRETS: readonly string[] = Object.freeze([]);

/** A class, so a run allocates one object and no closures (its methods live on the prototype). */
export class RunHost implements StepHost {
  readonly flowId: string;
  readonly fetch: typeof fetch;
  readonly log: Logger;
  readonly connections: ConnectionResolver;
  readonly random: () => number;
  readonly secrets: readonly string[];
  readonly dryRun: boolean;
  readonly expressionTimeoutMs: number;
  readonly emit: ((event: RunEvent) => void) | undefined;

  constructor(
    private readonly run: FlowRun,
    readonly runId: string,
    readonly scope: ExpressionContext,
    readonly trigger: TriggerInfo,
    readonly clock: Clock,
    readonly capBytes: number,
  ) {
    const { compiled, options } = run;
    this.flowId = compiled.flow.id;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.log = options.log ?? silentLogger;
    this.connections = options.connections ?? noConnections;
    this.random = options.random ?? Math.random;
    const secrets = options.secrets?.();
    this.secrets = secrets && secrets.length > 0 ? secrets.filter((s) => s.length > 0) : NO_SECRETS;
    this.dryRun = options.dryRun === true;
    this.expressionTimeoutMs = compiled.expressionTimeoutMs;
    const onEvent = options.onEvent;
    this.emit = onEvent
      ? (e: RunEvent) => {
          try {
            onEvent(e);
          } catch {
            // A listener's failure must not change the run.
          }
        }
      : undefined;
  }

  /** The run's signal, made on first use (see FlowRun.signal). */
  get signal(): AbortSignal {
    return this.run.signal;
  }

  stopReason(): NodeError | undefined {
    return this.run.stopReason;
  }

  guard<T>(promise: Promise<T>): Promise<T> {
    return this.run.guard(promise);
  }

  runChild(
    flowId: string,
    input: unknown,
    opts: { item?: unknown; index?: number; signal?: AbortSignal },
    children: ChildRuns,
    signal: AbortSignal,
  ): Promise<RunRecord> {
    return runChildFlow(this.run, flowId, input, opts, children, signal);
  }
}
