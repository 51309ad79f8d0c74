/** FlowRun: one run's scheduler (ready and skipped nodes by edge liveness, concurrency, failure and stop). */
import { NodeError } from '../errors';
import type { RunErrorInfo, RunRecord, StepRecord } from '../run-types';
import { iso, randomIds, systemClock } from './defaults';
import { RunHost } from './run-host';
import { fillRunOutput } from './run-output';
import { startRecord, startScope } from './run-record';
import { executeStep } from './run-step';
import type { StepHost, StepOutcome } from './step-host';
import { errorInfo } from './step-record';
import { reusableSteps } from './subflows';
import type { CompiledFlow, CompiledNode, RunOptions } from './types';

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
   * A sequential child run without its own timeout (nothing in flight to cancel by itself) shares its parent's
   * signal, which aborts whenever this run is stopped from outside; saves an AbortController per loop item.
   */
  private readonly sharedSignal: AbortSignal | undefined;
  /** This run's own controller, made when a step first reads the signal (most runs' steps never do). */
  private controller: AbortController | undefined;
  /** Set once the run stops (fail, cancel, timeout); steps in flight are stopped through guard or the signal. */
  stopReason: NodeError | undefined;
  /** Helper flows this run's steps call, resolved and compiled once per run (see subflows.ts); made on first use. */
  childFlows: Map<string, Promise<CompiledFlow>> | undefined;
  /** The same helper flows once resolved, so later child runs start without waiting a turn (see subflows.ts). */
  loadedChildFlows: Map<string, CompiledFlow> | undefined;
  /** Options shared by this run's child runs, for the step signal they were made for (see subflows.ts). */
  childOptions: { signal: AbortSignal; options: RunOptions } | undefined;
  /** Child runs in flight that listen on this run's own signal: stopped directly when this run stops. */
  private liveChildren: Set<FlowRun> | undefined;
  /** The whole recorded output (JSON) when `record.output` had to be capped; child runs hand it to their caller. */
  fullOutputJson: string | undefined;
  private readonly runOutputCap: number;
  private readonly startedMs: number;
  /**
   * Rejecters of this run's guarded node calls (see guard). Kept until the run ends, settled or not (rejecting a
   * settled promise does nothing): a run has a few steps, so an array beats a Set with deletes.
   */
  private readonly inflight: ((reason: unknown) => void)[] = [];

  constructor(
    readonly compiled: CompiledFlow,
    readonly options: RunOptions,
    private readonly concurrency: number,
    child?: ChildStart,
    sharedSignal?: AbortSignal,
  ) {
    this.sharedSignal = sharedSignal;
    const n = compiled.nodes.length;
    this.pending = new Int32Array(n);
    this.live = new Int32Array(n);
    this.settled = new Uint8Array(n);
    this.outputs = new Array(n);
    this.remaining = n;
    for (const node of compiled.nodes) this.pending[node.index] = node.inCount;
    this.reuse = options.resumeFrom ? reusableSteps(compiled, options.resumeFrom) : NO_REUSE;
    const trigger = child ? child.trigger : options.trigger;
    const clock = options.clock ?? systemClock;
    this.startedMs = clock.now();
    const runId = options.runId ?? (options.ids ?? randomIds)();
    const startedAt = iso(this.startedMs);
    const scope = startScope(
      compiled,
      options,
      trigger,
      child ? child.item : options.item,
      child ? child.index : options.index,
      runId,
      startedAt,
    );
    this.record = startRecord(compiled, options, trigger, runId, startedAt);
    const capBytes = options.limits?.outputCapBytes ?? DEFAULT_OUTPUT_CAP;
    this.runOutputCap = options.limits?.runOutputCapBytes ?? capBytes;
    this.host = new RunHost(this, runId, scope, trigger, clock, capBytes);
  }

  /**
   * What steps see as their signal: the parent's when shared, else this run's own, made on first read (aborted
   * already, with the same reason, when the run stopped before).
   */
  get signal(): AbortSignal {
    if (this.sharedSignal) return this.sharedSignal;
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopReason) this.controller.abort(this.stopReason);
    }
    return this.controller.signal;
  }

  /** Settles with `promise`, or rejects with the abort reason when the run stops first (fail, stop). */
  guard<T>(promise: Promise<T>): Promise<T> {
    if (this.stopReason) return Promise.reject(this.stopReason);
    return new Promise<T>((resolve, reject) => {
      this.inflight.push(reject);
      promise.then(resolve, reject);
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
    const rejecters = this.inflight.splice(0);
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
    const started = this.host.clock.now();
    const step: StepRecord = {
      nodeId: node.id,
      type: node.node.type,
      status: 'running',
      attempts: 0,
      startedAt: iso(started),
    };
    this.record.steps.push(step);
    let outcome: StepOutcome;
    try {
      outcome = await executeStep(this.host, node, step, started);
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
    for (const index of this.compiled.order) this.skip(index, leftover);
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
    this.fullOutputJson = fillRunOutput(
      record,
      this.compiled,
      this.outputs,
      this.host.secrets,
      this.runOutputCap,
    );
    return record;
  }
}

export { FlowRun };
