/** runFlow: schedules a compiled flow's nodes (edge liveness, skips, concurrency, failure) into a run record. */
import { NodeError } from '../errors';
import type { Flow } from '../model/flow-schema';
import type { ExpressionContext } from '../node-type';
import type { RunErrorInfo, RunEvent, RunRecord, StepRecord } from '../run-types';
import { compileFlow, isCompiledFlow } from './compile-flow';
import { iso, noConnections, randomIds, silentLogger, systemClock } from './defaults';
import { executeStep, NOOP, type StepHost, type StepOutcome } from './run-step';
import { capJson, errorInfo, snapshotJson } from './step-record';
import { reusableSteps, runChildFlow } from './subflows';
import type { CompiledFlow, CompiledNode, RunOptions } from './types';

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_OUTPUT_CAP = 64 * 1024;
const NO_REUSE: ReadonlyMap<string, StepRecord> = new Map();

/**
 * What a helper-flow child run takes from its caller besides the shared options (see subflows.ts): its trigger,
 * item and index, and the parent run that stops it (instead of an abort listener per child run).
 */
export interface ChildStart {
  trigger: RunOptions['trigger'];
  item: unknown;
  index: number | undefined;
  parent: FlowRun | undefined;
}

/** One run's scheduling state: counts of unsettled and live incoming edges per node. */
class FlowRun {
  readonly host: StepHost;
  readonly record: RunRecord;
  private readonly pending: Int32Array;
  private readonly live: Int32Array;
  private readonly settled: Uint8Array;
  private readonly ready: number[] = [];
  private readonly outputs: (StepOutcome | undefined)[];
  private readonly reuse: ReadonlyMap<string, StepRecord>;
  private running = 0;
  private remaining: number;
  private failure: NodeError | undefined;
  private failedNode: string | undefined;
  private finish!: () => void;
  /**
   * Steps see `signal`: this run's own controller's, or (a sequential child run without its own timeout, which
   * has nothing in flight to cancel by itself) its parent's, which aborts whenever this run is stopped from
   * outside; saves an AbortController per loop item. `stopReason` is set once the run stops either way.
   */
  readonly signal: AbortSignal;
  private readonly controller: AbortController | undefined;
  stopReason: NodeError | undefined;
  /** Helper flows this run's steps call, resolved and compiled once per run (see subflows.ts); made on first use. */
  childFlows: Map<string, Promise<CompiledFlow>> | undefined;
  /** Options shared by this run's child runs, for the step signal they were made for (see subflows.ts). */
  childOptions: { signal: AbortSignal; options: RunOptions } | undefined;
  /** Child runs in flight that listen on this run's own signal: stopped directly when this run stops. */
  private liveChildren: Set<FlowRun> | undefined;
  /** The whole recorded output (JSON) when `record.output` had to be capped; child runs hand it to their caller. */
  fullOutputJson: string | undefined;
  private readonly runOutputCap: number;
  private readonly startedMs: number;
  /** Rejecters of node calls in flight (see guard). */
  private readonly inflight = new Set<(reason: unknown) => void>();

  constructor(
    readonly compiled: CompiledFlow,
    readonly options: RunOptions,
    private readonly concurrency: number,
    child?: ChildStart,
    sharedSignal?: AbortSignal,
  ) {
    this.controller = sharedSignal ? undefined : new AbortController();
    this.signal = sharedSignal ?? this.controller!.signal;
    const n = compiled.nodes.length;
    this.pending = new Int32Array(n);
    this.live = new Int32Array(n);
    this.settled = new Uint8Array(n);
    this.outputs = new Array(n);
    this.remaining = n;
    for (const node of compiled.nodes) this.pending[node.index] = node.inCount;
    this.reuse = options.resumeFrom ? reusableSteps(compiled, options.resumeFrom) : NO_REUSE;
    const trigger = child ? child.trigger : options.trigger;
    const item = child ? child.item : options.item;
    const index = child ? child.index : options.index;
    const clock = options.clock ?? systemClock;
    this.startedMs = clock.now();
    const runId = options.runId ?? (options.ids ?? randomIds)();
    const startedAt = iso(this.startedMs);
    const flow = compiled.flow;
    const scope: ExpressionContext = {
      trigger: trigger.data,
      steps: {},
      flow: { id: flow.id, name: flow.name, hash: compiled.hash },
      run: { id: runId, startedAt, dryRun: options.dryRun === true },
    };
    if (item !== undefined) scope.item = item;
    if (index !== undefined) scope.index = index;
    const record: RunRecord = {
      id: runId,
      flowId: flow.id,
      flowHash: compiled.hash,
      trigger,
      status: 'running',
      startedAt,
      steps: [],
    };
    if (options.flowVersion !== undefined) record.flowVersion = options.flowVersion;
    if (options.parentRunId !== undefined) record.parentRunId = options.parentRunId;
    if (options.rerunOf !== undefined) record.rerunOf = options.rerunOf;
    if (options.queuedAt !== undefined) record.queuedAt = options.queuedAt;
    if (options.dryRun) record.dryRun = true;
    this.record = record;
    const capBytes = options.limits?.outputCapBytes ?? DEFAULT_OUTPUT_CAP;
    this.runOutputCap = options.limits?.runOutputCapBytes ?? capBytes;
    const onEvent = options.onEvent;
    this.host = {
      runId,
      flowId: flow.id,
      scope,
      signal: this.signal,
      runAttempt: { signal: this.signal, done: NOOP },
      stopReason: () => this.stopReason,
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
      guard: (promise) => this.guard(promise),
      runChild: (flowId, input, opts, children, signal) =>
        runChildFlow(this, flowId, input, opts, children, signal),
    };
  }

  /** Settles with `promise`, or rejects with the abort reason when the run stops first (fail, stop). */
  guard<T>(promise: Promise<T>): Promise<T> {
    if (this.stopReason) return Promise.reject(this.stopReason);
    return new Promise<T>((resolve, reject) => {
      this.inflight.add(reject);
      promise.then(
        (v) => {
          this.inflight.delete(reject);
          resolve(v);
        },
        (e) => {
          this.inflight.delete(reject);
          reject(e);
        },
      );
    });
  }

  /** Registers a child run to be stopped with this run (it would otherwise listen on this run's signal). */
  adopt(child: FlowRun): void {
    this.liveChildren ??= new Set();
    this.liveChildren.add(child);
  }

  release(child: FlowRun): void {
    this.liveChildren?.delete(child);
  }

  private abort(reason: NodeError): void {
    this.stopReason = reason;
    this.controller?.abort(reason);
    if (this.liveChildren) {
      // What an abort listener of each child run would do, in the same place (during the abort).
      const children = [...this.liveChildren];
      this.liveChildren.clear();
      for (const child of children) child.stop(new NodeError('CANCELLED', 'The run was cancelled.'));
    }
    const rejecters = [...this.inflight];
    this.inflight.clear();
    for (const reject of rejecters) reject(reason);
  }

  start(): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
    for (const node of this.compiled.nodes) {
      if (node.inCount === 0 && !node.isTrigger) this.skip(node.index, 'skipped');
    }
    this.enqueue(this.compiled.trigger);
    this.pump();
    return done;
  }

  private enqueue(index: number): void {
    const node = this.compiled.nodes[index]!;
    const prior = this.reuse.get(node.id);
    if (!prior) {
      this.ready.push(index);
      return;
    }
    const step: StepRecord = { ...prior, reused: true };
    this.record.steps.push(step);
    const ports = prior.ports ?? [];
    if (prior.status !== 'skipped') this.host.scope.steps[node.id] = prior.output;
    this.settle(index, { ports, output: prior.output });
  }

  private pump(): void {
    if (this.stopReason) {
      this.ready.length = 0;
    }
    while (this.ready.length > 0 && this.running < this.concurrency) {
      const index = this.ready.shift()!;
      this.running++;
      void this.runNode(this.compiled.nodes[index]!);
    }
    if (this.running === 0 && (this.remaining === 0 || this.stopReason)) this.finish();
  }

  private async runNode(node: CompiledNode): Promise<void> {
    const step: StepRecord = {
      nodeId: node.id,
      type: node.node.type,
      status: 'running',
      attempts: 0,
      startedAt: iso(this.host.clock.now()),
    };
    this.record.steps.push(step);
    let outcome: StepOutcome;
    try {
      outcome = await executeStep(this.host, node, step);
    } catch (err) {
      const error = new NodeError('INTERNAL', `Executor error at "${node.id}": ${String(err)}`);
      step.status = 'failed';
      step.error = errorInfo(error, node.id, this.host.secrets, this.host.capBytes);
      outcome = { ports: [], error };
    }
    this.running--;
    this.host.emit?.({
      type: 'step.finished',
      runId: this.record.id,
      flowId: this.record.flowId,
      at: step.finishedAt ?? iso(this.host.clock.now()),
      nodeId: node.id,
      step,
    });
    if (outcome.error) this.fail(outcome.error, node.id);
    else this.host.scope.steps[node.id] = outcome.output;
    this.settle(node.index, outcome);
    this.pump();
  }

  /** Marks a node settled and updates its targets; targets whose inputs are all dead are skipped in turn. */
  private settle(index: number, outcome: StepOutcome): void {
    this.settled[index] = 1;
    this.remaining--;
    this.outputs[index] = outcome;
    for (const edge of this.compiled.nodes[index]!.outEdges) {
      if (outcome.ports.includes(edge.port)) this.live[edge.to]!++;
      // Once the run is stopping, complete() marks what is left (skipped or cancelled) in one place.
      if (--this.pending[edge.to]! === 0 && !this.stopReason) {
        if (this.live[edge.to]! > 0) this.enqueue(edge.to);
        else this.skip(edge.to, 'skipped');
      }
    }
  }

  private skip(index: number, status: 'skipped' | 'cancelled'): void {
    if (this.settled[index]) return;
    const node = this.compiled.nodes[index]!;
    this.record.steps.push({ nodeId: node.id, type: node.node.type, status, attempts: 0 });
    this.settle(index, { ports: [] });
  }

  fail(error: NodeError, nodeId?: string): void {
    if (this.failure) return;
    this.failure = error;
    this.failedNode = nodeId;
    if (!this.stopReason) {
      this.abort(new NodeError('CANCELLED', `Stopped because node "${nodeId}" failed.`));
    }
  }

  /** Stops the run from outside (cancel, run timeout); in-flight nodes see the reason on their signal. */
  stop(reason: NodeError): void {
    if (this.failure || this.stopReason) return;
    this.failure = reason;
    this.abort(reason);
  }

  complete(): RunRecord {
    const record = this.record;
    const status = this.failure
      ? this.failure.code === 'CANCELLED' && !this.failedNode
        ? 'cancelled'
        : 'failed'
      : 'succeeded';
    const leftover = status === 'failed' && this.failedNode ? 'skipped' : 'cancelled';
    for (const node of this.compiled.order.map((i) => this.compiled.nodes[i]!))
      this.skip(node.index, leftover);
    const now = this.host.clock.now();
    record.status = status;
    record.finishedAt = iso(now);
    record.durationMs = now - Math.trunc(this.startedMs); // as Date.parse(startedAt) gave
    if (this.failure) {
      const info: RunErrorInfo = errorInfo(
        this.failure,
        this.failedNode,
        this.host.secrets,
        this.host.capBytes,
      );
      record.error = info;
    }
    this.fillOutput();
    return record;
  }

  private fillOutput(): void {
    const sinks: [number, unknown][] = [];
    for (const node of this.compiled.nodes) {
      const outcome = this.outputs[node.index];
      if (outcome?.response) {
        this.record.response = outcome.response;
        this.setOutput(outcome.response.body);
        return;
      }
      if (node.outEdges.length === 0 && outcome && outcome.ports.length > 0 && outcome.output !== undefined) {
        sinks.push([node.index, outcome.output]);
      }
    }
    if (sinks.length === 1) {
      // One sink: its step already made the snapshot; share it (records are plain data nobody mutates).
      const outcome = this.outputs[sinks[0]![0]]!;
      const cap = this.runOutputCap;
      const whole = outcome.whole;
      if (whole) {
        const fits =
          outcome.json !== undefined
            ? outcome.json.length * 3 <= cap
            : typeof whole.value !== 'string' || whole.value.length * 3 + 2 <= cap;
        if (fits) {
          this.record.output = whole.value;
          return;
        }
      }
      if (outcome.json !== undefined) {
        this.setCapped(outcome.json);
        return;
      }
    }
    const output =
      sinks.length === 1
        ? sinks[0]![1]
        : sinks.length > 1
          ? Object.fromEntries(sinks.map(([i, v]) => [this.compiled.nodes[i]!.id, v]))
          : undefined;
    if (output !== undefined) this.setOutput(output);
  }

  /** Records the run's output as a redacted snapshot, capped like step outputs (`outputTruncated`). */
  private setOutput(output: unknown): void {
    if (output === undefined) return;
    this.setCapped(snapshotJson(output, this.host.secrets));
  }

  private setCapped(json: string | undefined): void {
    const capped = capJson(json, this.runOutputCap);
    this.record.output = capped.value;
    if (capped.truncated) {
      this.record.outputTruncated = true;
      this.fullOutputJson = json;
    }
  }
}

export { FlowRun };

/**
 * Runs a flow (or a compiled flow) to completion and returns its run record. Never throws for node failures;
 * an invalid flow gives a failed record with code CONFIG_INVALID.
 * @example const record = await runFlow(flow, { catalog, trigger: { kind: 'manual', data: {} } })
 */
export async function runFlow(flowOrCompiled: Flow | CompiledFlow, options: RunOptions): Promise<RunRecord> {
  return (await executeRun(flowOrCompiled, options)).record;
}

/**
 * runFlow, plus the whole output when the record's `output` was capped (`fullOutput()` parses it on demand;
 * undefined when nothing was cut). Child runs use it so a loop's caller still gets every helper result.
 */
export async function executeRun(
  flowOrCompiled: Flow | CompiledFlow,
  options: RunOptions,
): Promise<{ record: RunRecord; fullOutput: (() => unknown) | undefined }> {
  const limits = options.limits ?? {};
  let compiled: CompiledFlow;
  try {
    compiled = isCompiledFlow(flowOrCompiled)
      ? flowOrCompiled
      : compileFlow(flowOrCompiled, options.catalog, { expressionTimeoutMs: limits.expressionTimeoutMs });
  } catch (err) {
    return { record: invalidRecord(flowOrCompiled as Flow, options, err), fullOutput: undefined };
  }
  return runCompiled(compiled, options, undefined);
}

/** Runs a compiled flow; `child` is set for helper-flow runs (see subflows.ts). */
export async function runCompiled(
  compiled: CompiledFlow,
  options: RunOptions,
  child: ChildStart | undefined,
): Promise<{ record: RunRecord; fullOutput: (() => unknown) | undefined }> {
  const limits = options.limits;
  const settings = compiled.flow.settings;
  const runTimeoutMs = limits?.runTimeoutMs ?? settings?.timeoutMs;
  const parent = child?.parent;
  const run = new FlowRun(
    compiled,
    options,
    limits?.concurrency ?? settings?.concurrency ?? DEFAULT_CONCURRENCY,
    child,
    parent && compiled.sequential && runTimeoutMs === undefined ? parent.signal : undefined,
  );
  const { host, record } = run;
  host.emit?.({
    type: 'run.started',
    runId: record.id,
    flowId: record.flowId,
    at: record.startedAt!,
    ...(record.parentRunId ? { parentRunId: record.parentRunId } : {}),
  });
  const external = parent ? undefined : options.signal;
  let onCancel: (() => void) | undefined;
  if (parent) {
    if (parent.stopReason) run.stop(new NodeError('CANCELLED', 'The run was cancelled.'));
    else parent.adopt(run);
  } else if (external) {
    onCancel = () => run.stop(new NodeError('CANCELLED', 'The run was cancelled.'));
    if (external.aborted) onCancel();
    else external.addEventListener('abort', onCancel, { once: true });
  }
  const timer = runTimeoutMs === undefined ? undefined : new AbortController();
  if (timer && runTimeoutMs !== undefined) {
    host.clock.sleep(runTimeoutMs, timer.signal).then(
      () =>
        run.stop(
          new NodeError(
            'RUN_TIMEOUT',
            `The run exceeded its ${runTimeoutMs} ms timeout; raise settings.timeoutMs or speed up slow nodes.`,
          ),
        ),
      () => {},
    );
  }
  try {
    await run.start();
  } finally {
    timer?.abort();
    if (parent) parent.release(run);
    else if (onCancel) external?.removeEventListener('abort', onCancel);
  }
  const done = run.complete();
  host.emit?.({
    type: 'run.finished',
    runId: done.id,
    flowId: done.flowId,
    at: done.finishedAt!,
    status: done.status,
    durationMs: done.durationMs ?? 0,
    ...(done.parentRunId ? { parentRunId: done.parentRunId } : {}),
    ...(done.error ? { error: done.error } : {}),
  });
  const full = run.fullOutputJson;
  return { record: done, fullOutput: full === undefined ? undefined : () => JSON.parse(full) };
}

function invalidRecord(flow: Flow, options: RunOptions, err: unknown): RunRecord {
  const clock = options.clock ?? systemClock;
  const at = iso(clock.now());
  const issues = (err as { issues?: unknown }).issues;
  return {
    id: options.runId ?? (options.ids ?? randomIds)(),
    flowId: typeof flow?.id === 'string' ? flow.id : 'unknown',
    flowHash: '',
    trigger: options.trigger,
    status: 'failed',
    startedAt: at,
    finishedAt: at,
    durationMs: 0,
    steps: [],
    error: {
      code: 'CONFIG_INVALID',
      message: err instanceof Error ? err.message : String(err),
      details: issues ? { issues } : undefined,
    },
  };
}
