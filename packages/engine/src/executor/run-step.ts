/** executeStep: runs one node's attempts (retries, dry-run plans, handled errors) and fills its step record. */
import type { NodeError } from '../errors';
import { NOT_PLAIN } from '../expressions/compile-expression';
import type { AnyNodeType, NodeContext, NodeResult } from '../node-type';
import type { StepRecord } from '../run-types';
import { abortable, attemptSignal } from './attempt-signal';
import { ChildRuns } from './child-runs';
import { iso } from './defaults';
import { retryAfterTooLong, retryDelay, shouldRetry, toNodeError } from './retry';
import { isPlanned, parseResolved, resolveConfigNow, resolveRaw, staticInput } from './step-config';
import { StepContext } from './step-context';
import type { StepHost, StepOutcome } from './step-host';
import { capJson, errorInfo, recordValue, snapshotIntoContext, snapshotOutput } from './step-record';
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
function stepError(host: StepHost, err: unknown, signal: AbortSignal | undefined): NodeError {
  const error = toNodeError(err, signal ?? host.signal);
  const stop = host.stopReason();
  return stop && host.signal.aborted && error === host.signal.reason ? stop : error;
}

const STOPPED = new Set(['CANCELLED', 'RUN_TIMEOUT']);

/** Runs a node to its outcome and fills `step` in place (status, attempts, input, output, error, ports). */
export async function executeStep(
  host: StepHost,
  cnode: CompiledNode,
  step: StepRecord,
  /** `host.clock.now()` when the step started (its `startedAt`). */
  started: number,
): Promise<StepOutcome> {
  const children = new ChildRuns();
  let error: NodeError;
  try {
    // A static or plain-path config needs no await (microtask turns less per step).
    const now = resolveConfigNow(host, cnode);
    const config = now === NOT_PLAIN ? parseResolved(cnode, await resolveRaw(host, cnode)) : now;
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
      const attempt = attemptSignal(host, cnode);
      const signal = attempt?.signal;
      try {
        const pending = call(cnode.type, new StepContext(host, config, signal, n, cnode, children), planned);
        const result = await (signal ? abortable(pending, signal) : host.guard(pending));
        const ports =
          result.port === undefined ? ['out'] : Array.isArray(result.port) ? result.port : [result.port];
        const { output, recorded } = snapshotOutput(
          host.scope.steps,
          cnode.id,
          result.output,
          host.capBytes,
          host.secrets,
        );
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
          recorded,
        };
      } catch (err) {
        error = stepError(host, err, signal);
      } finally {
        attempt?.done();
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
    error = stepError(host, err, undefined);
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
