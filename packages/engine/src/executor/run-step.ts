/** Runs one node: resolves its config, calls run() or plan() with retries and timeouts, fills its step record. */
import type { z } from 'zod';
import { NodeError } from '../errors';
import { compileExpression, NOT_PLAIN } from '../expressions/compile-expression';
import type {
  AnyNodeType,
  Clock,
  ConnectionResolver,
  ExpressionContext,
  Logger,
  NodeContext,
  NodeResult,
} from '../node-type';
import type { RunEvent, RunRecord, StepRecord, TriggerInfo } from '../run-types';
import { ChildRuns } from './child-runs';
import { iso } from './defaults';
import { retryDelay, shouldRetry, toNodeError } from './retry';
import { capJson, errorInfo, isPlainScalar, recordValue, snapshotIntoContext } from './step-record';
import type { CompiledNode } from './types';

/** What a step needs from its run. */
export interface StepHost {
  runId: string;
  flowId: string;
  scope: ExpressionContext;
  signal: AbortSignal;
  /** Why the run stopped, once it has (its signal's reason, unless it shares its parent's signal). */
  stopReason(): NodeError | undefined;
  /** `{ signal, done: no-op }`: the attempt signal of nodes without a timeout (one object per run). */
  runAttempt: { signal: AbortSignal; done: () => void };
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
  /** The output's redacted JSON snapshot, and its parsed copy when the step kept it whole (reused as run output). */
  json?: string;
  whole?: { value: unknown };
}

/** Rejects when the signal aborts, so a node that ignores its signal cannot hold the run. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Checks a resolved config against the node type's schema. */
function parseResolved(cnode: CompiledNode, raw: unknown): unknown {
  const parsed = (cnode.type.config as z.ZodType).safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new NodeError(
    'CONFIG_INVALID',
    `Resolved config of "${cnode.id}" is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}. Check the expressions that feed these fields.`,
    { details: { issues: parsed.error.issues, resolved: raw }, retryable: false },
  );
}

async function resolveConfig(host: StepHost, cnode: CompiledNode): Promise<unknown> {
  if (cnode.staticConfig) {
    if (cnode.staticConfig.ok) return cnode.staticConfig.value;
    throw cnode.staticConfig.error;
  }
  const raw = await cnode.config.resolve(host.scope, host.scope as unknown as Record<string, unknown>);
  return parseResolved(cnode, raw);
}

/**
 * The config without waiting when it is static or all its expressions are plain paths (`=item`); else NOT_PLAIN.
 * Always validated: a resolved config is parsed by the node type's schema either way.
 */
function resolveConfigNow(host: StepHost, cnode: CompiledNode): unknown {
  const fixed = cnode.staticConfig;
  if (fixed) {
    if (fixed.ok) return fixed.value;
    throw fixed.error;
  }
  const raw = cnode.config.resolveNow(host.scope);
  return raw === NOT_PLAIN ? NOT_PLAIN : parseResolved(cnode, raw);
}

/**
 * A static config's recorded input, made once per compiled node (no secrets to redact) and shared by the records
 * of every run; frozen, since records are plain data nobody mutates.
 */
function staticInput(
  cnode: CompiledNode,
  config: unknown,
  capBytes: number,
): { value: unknown; truncated?: true } {
  const cached = cnode.recordedInput;
  if (cached && cached.capBytes === capBytes) return cached.recorded;
  const recorded = recordValue(config, capBytes, []);
  deepFreeze(recorded.value);
  cnode.recordedInput = { capBytes, recorded };
  return recorded;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

function isPlanned(type: AnyNodeType, config: unknown): boolean {
  const se = type.sideEffects;
  return typeof se === 'function' ? se(config) === true : se === true;
}

/** For StepHost.runAttempt. */
export const NOOP = (): void => {};

/** Signal for one attempt: the run's, or a child of it that a per-node timeout also aborts. */
function attemptSignal(host: StepHost, cnode: CompiledNode): { signal: AbortSignal; done: () => void } {
  const timeoutMs = cnode.node.timeoutMs;
  if (timeoutMs === undefined) return host.runAttempt;
  const nodeCtl = new AbortController();
  const timerCtl = new AbortController();
  const onRunAbort = () => nodeCtl.abort(host.signal.reason);
  if (host.signal.aborted) onRunAbort();
  else host.signal.addEventListener('abort', onRunAbort, { once: true });
  const message = `Node "${cnode.id}" timed out after ${timeoutMs} ms; raise its timeoutMs or check the service it calls.`;
  host.clock.sleep(timeoutMs, timerCtl.signal).then(
    () => nodeCtl.abort(new NodeError('NODE_TIMEOUT', message)),
    () => {},
  );
  return {
    signal: nodeCtl.signal,
    done: () => {
      timerCtl.abort();
      host.signal.removeEventListener('abort', onRunAbort);
    },
  };
}

/** The node's context; a class so a step allocates one object, not a dozen closures. */
class StepContext implements NodeContext<unknown> {
  readonly node: { id: string; type: string; name?: string };
  private boundFetch?: typeof fetch;
  private runner?: NodeContext<unknown>['subflows'];

  constructor(
    private readonly host: StepHost,
    readonly config: unknown,
    readonly signal: AbortSignal,
    readonly attempt: number,
    cnode: CompiledNode,
    private readonly children: ChildRuns,
  ) {
    this.node = cnode.publicNode;
  }

  get subflows(): NodeContext<unknown>['subflows'] {
    this.runner ??= {
      run: (flowId, input, opts = {}) => this.host.runChild(flowId, input, opts, this.children, this.signal),
    };
    return this.runner;
  }

  get scope(): Readonly<ExpressionContext> {
    return this.host.scope;
  }
  get trigger(): TriggerInfo {
    return this.host.trigger;
  }
  get clock(): Clock {
    return this.host.clock;
  }
  get log(): Logger {
    return this.host.log;
  }
  get connections(): ConnectionResolver {
    return this.host.connections;
  }
  get dryRun(): boolean {
    return this.host.dryRun;
  }

  /** The run's own fetch, not bound to the step: for clients cached across steps (they pass `signal` per request). */
  get runFetch(): typeof fetch {
    return this.host.fetch;
  }

  /** fetch bound to the step's signal: a caller's own signal is combined with it, never replaces it. */
  get fetch(): typeof fetch {
    if (!this.boundFetch) {
      const base = this.host.fetch;
      const signal = this.signal;
      this.boundFetch = (input, init) =>
        base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
    }
    return this.boundFetch;
  }

  evaluate(expression: string, extra?: Record<string, unknown>): Promise<unknown> {
    const source = expression.startsWith('=') ? expression.slice(1) : expression;
    const compiled = compileExpression(source, this.host.expressionTimeoutMs, {
      path: `nodes.${this.node.id}`,
    });
    const input = extra ? { ...this.host.scope, ...extra } : this.host.scope;
    return compiled.evaluate(input, input as unknown as Record<string, unknown>);
  }
}

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
