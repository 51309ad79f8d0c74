/** executeStep: runs one node's attempts (retries, dry-run plans, handled errors) and fills its step record. */
import type { NodeError } from '../errors';
import { NOT_PLAIN } from '../expressions/compile-expression';
import type { AnyNodeType, NodeContext, NodeResult } from '../node-type';
import type { StepRecord } from '../run-types';
import { abortable, attemptSignal } from './attempt-signal';
import { ChildRuns } from './child-runs';
import { iso } from './defaults';
import { retryAfterTooLong, retryDelay, shouldRetry, toNodeError } from './retry';
import { isPlanned, resolveConfig, resolveConfigNow, staticInput } from './step-config';
import { StepContext } from './step-context';
import type { StepHost, StepOutcome } from './step-host';
import { capJson, errorInfo, isPlainScalar, recordValue, snapshotIntoContext } from './step-record';
import type { CompiledNode } from './types';

function call(type: AnyNodeType, ctx: NodeContext<unknown>, planned: boolean): Promise<NodeResult> {
  if (!planned) return type.run(ctx);
  if (type.plan) return type.plan(ctx);
  return Promise.resolve({ output: { planned: true, type: type.type, config: ctx.config } });
}

/**
 * toNodeError, with the run's own stop reason where the run's signal gave its parent's (a child run sharing its
 * parent's signal records why it stopped, as one with its own signal does).
 */
function stepError(host: StepHost, err: unknown, signal: AbortSignal): NodeError {
  const error = toNodeError(err, signal);
  const stop = host.stopReason();
  return stop && host.signal.aborted && error === host.signal.reason ? stop : error;
}

const STOPPED = new Set(['CANCELLED', 'RUN_TIMEOUT']);

/** Runs a node to its outcome and fills `step` in place (status, attempts, input, output, error, ports). */
export async function executeStep(
  host: StepHost,
  cnode: CompiledNode,
  step: StepRecord,
): Promise<StepOutcome> {
  const started = host.clock.now();
  const children = new ChildRuns();
  let error: NodeError;
  try {
    // A static or plain-path config needs no await (microtask turns less per step).
    const now = resolveConfigNow(host, cnode);
    const config = now === NOT_PLAIN ? await resolveConfig(host, cnode) : now;
    const input =
      cnode.staticConfig && host.secrets.length === 0
        ? staticInput(cnode, config, host.capBytes)
        : recordValue(config, host.capBytes, host.secrets);
    step.input = input.value;
    if (input.truncated) step.inputTruncated = true;
    const planned = host.dryRun && isPlanned(cnode.type, config);
    const policy = cnode.node.retry;
    for (let n = 1; ; n++) {
      step.attempts = n;
      host.emit?.({
        type: 'step.started',
        runId: host.runId,
        flowId: host.flowId,
        at: iso(host.clock.now()),
        nodeId: cnode.id,
        attempt: n,
      });
      const { signal, done } = attemptSignal(host, cnode);
      try {
        const pending = call(cnode.type, new StepContext(host, config, signal, n, cnode, children), planned);
        const result = await (signal === host.signal ? host.guard(pending) : abortable(pending, signal));
        const ports =
          result.port === undefined ? ['out'] : Array.isArray(result.port) ? result.port : [result.port];
        let output = result.output;
        let json: string | undefined;
        if (output !== undefined && !isPlainScalar(output)) {
          ({ value: output, json } = snapshotIntoContext(host.scope.steps, cnode.id, output, host.secrets));
        }
        const recorded =
          json === undefined
            ? recordValue(output, host.capBytes, host.secrets)
            : capJson(json, host.capBytes);
        step.status = 'succeeded';
        step.output = recorded.value;
        if (recorded.truncated) step.truncated = true;
        step.ports = ports;
        if (planned) step.planned = true;
        if (result.childRunIds) for (const id of result.childRunIds) children.addId(id);
        children.fill(step);
        finish(host, step, started);
        return {
          ports,
          output,
          response: result.response,
          json,
          whole: recorded.truncated ? undefined : { value: recorded.value },
        };
      } catch (err) {
        error = stepError(host, err, signal);
      } finally {
        done();
      }
      if (!policy || n >= policy.attempts || host.signal.aborted || !shouldRetry(error, policy)) break;
      const refused = retryAfterTooLong(error, policy);
      if (refused) {
        error = refused;
        break;
      }
      await host.clock.sleep(retryDelay(n, policy, error, host.random), host.signal);
    }
  } catch (err) {
    error = stepError(host, err, host.signal);
  }
  children.fill(step);
  step.error = errorInfo(error, cnode.id, host.secrets, host.capBytes);
  step.status = STOPPED.has(error.code) ? 'cancelled' : 'failed';
  if (step.status === 'failed' && cnode.handlesErrors) {
    const raw = { error: { message: error.message, code: error.code, details: error.details } };
    // Details may hold context values (a resolved config with `=steps`): same guard as a success output.
    const { value: output, json } = snapshotIntoContext(host.scope.steps, cnode.id, raw, host.secrets);
    step.output = capJson(json, host.capBytes).value;
    step.ports = ['error'];
    finish(host, step, started);
    return { ports: ['error'], output };
  }
  finish(host, step, started);
  return { ports: [], error };
}

function finish(host: StepHost, step: StepRecord, started: number): void {
  const now = host.clock.now();
  step.finishedAt = iso(now);
  step.durationMs = now - started;
}
