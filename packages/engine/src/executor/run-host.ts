/** createStepHost: what a run's steps see of it (scope, signal, services, events, guard, child runs). */
import type { Clock, ExpressionContext } from '../node-type';
import type { RunEvent, TriggerInfo } from '../run-types';
import { noConnections, silentLogger } from './defaults';
import type { FlowRun } from './flow-run';
import { NOOP, type StepHost } from './step-host';
import { runChildFlow } from './subflows';

/** One host per run, made once in its constructor; `run.signal` must already be set. */
export function createStepHost(
  run: FlowRun,
  runId: string,
  scope: ExpressionContext,
  trigger: TriggerInfo,
  clock: Clock,
  capBytes: number,
): StepHost {
  const { compiled, options } = run;
  const onEvent = options.onEvent;
  return {
    runId,
    flowId: compiled.flow.id,
    scope,
    signal: run.signal,
    runAttempt: { signal: run.signal, done: NOOP },
    stopReason: () => run.stopReason,
    clock,
    fetch: options.fetch ?? globalThis.fetch,
    log: options.log ?? silentLogger,
    connections: options.connections ?? noConnections,
    random: options.random ?? Math.random,
    secrets: (options.secrets?.() ?? []).filter((s) => s.length > 0),
    capBytes,
    dryRun: options.dryRun === true,
    trigger,
    expressionTimeoutMs: compiled.expressionTimeoutMs,
    emit: onEvent
      ? (e: RunEvent) => {
          try {
            onEvent(e);
          } catch {
            // A listener's failure must not change the run.
          }
        }
      : undefined,
    guard: (promise) => run.guard(promise),
    runChild: (flowId, input, opts, children, signal) =>
      runChildFlow(run, flowId, input, opts, children, signal),
  };
}
