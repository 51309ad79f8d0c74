/** Helper-flow child runs (ctx.subflows.run) and the steps a resumed run may reuse. */
import { setMaxListeners } from 'node:events';
import { NodeError } from '../errors';
import { reachableFrom } from '../model/graph';
import type { RunRecord, StepRecord } from '../run-types';
import type { ChildRuns } from './child-runs';
import { compileFlow, isCompiledFlow } from './compile-flow';
import type { FlowRun } from './flow-run';
import { runCompiled } from './run-compiled';
import type { CompiledFlow, RunOptions } from './types';

const DEFAULT_MAX_DEPTH = 8;
/** Step signals shared by many concurrent child runs (a loop's workers each listen on it). */
const sharedSignals = new WeakSet<AbortSignal>();

/** Steps of nodes outside `nodeId` and its downstream that finished and can be reused as they were. */
export function reusableSteps(
  compiled: CompiledFlow,
  resume: RunOptions['resumeFrom'],
): ReadonlyMap<string, StepRecord> {
  const out = new Map<string, StepRecord>();
  if (!resume) return out;
  if (!compiled.byId.has(resume.nodeId)) {
    throw new NodeError('NOT_FOUND', `Cannot resume from "${resume.nodeId}": the flow has no such node.`);
  }
  const rerun = reachableFrom([resume.nodeId], compiled.flow.edges);
  for (const step of resume.steps) {
    if (rerun.has(step.nodeId) || !compiled.byId.has(step.nodeId) || step.truncated) continue;
    const handled = step.status === 'failed' && step.ports?.includes('error');
    if (step.status === 'succeeded' || step.status === 'skipped' || handled) out.set(step.nodeId, step);
  }
  return out;
}

async function resolveChild(run: FlowRun, flowId: string): Promise<CompiledFlow> {
  const { options } = run;
  const resolved = options.resolveFlow ? await options.resolveFlow(flowId) : undefined;
  if (!resolved) {
    throw new NodeError(
      'FLOW_NOT_FOUND',
      `Helper flow "${flowId}" was not found; check the flow id in the node's config.`,
    );
  }
  if (isCompiledFlow(resolved)) return resolved;
  return compileFlow(resolved, options.catalog, { expressionTimeoutMs: run.compiled.expressionTimeoutMs });
}

/**
 * The helper flow, resolved and compiled once per parent run: every item of a loop runs the same version, and
 * resolveFlow is asked once, not once per item. Failures are not kept, so a later call asks again.
 */
function loadChild(run: FlowRun, flowId: string): Promise<CompiledFlow> {
  run.childFlows ??= new Map();
  const flows = run.childFlows;
  let pending = flows.get(flowId);
  if (!pending) {
    pending = resolveChild(run, flowId);
    flows.set(flowId, pending);
    pending.then(
      (compiled) => {
        run.loadedChildFlows ??= new Map();
        run.loadedChildFlows.set(flowId, compiled);
      },
      () => flows.delete(flowId),
    );
  }
  return pending;
}

/**
 * The options every child run of `run` started with `signal` shares (a loop's items all get the same object);
 * each child's trigger, item and index are passed beside them (ChildStart).
 */
function childOptionsFor(run: FlowRun, signal: AbortSignal, depth: number): RunOptions {
  const cached = run.childOptions;
  if (cached && cached.signal === signal) return cached.options;
  const options: RunOptions = {
    ...run.options,
    runId: undefined,
    signal,
    parentRunId: run.record.id,
    depth,
    item: undefined,
    index: undefined,
    resumeFrom: undefined,
    rerunOf: undefined,
    queuedAt: undefined,
    flowVersion: undefined,
  };
  run.childOptions = { signal, options };
  return options;
}

/** Runs a helper flow as a child run of `run`; the child's record goes to onChildRun and is counted on the step. */
export async function runChildFlow(
  run: FlowRun,
  flowId: string,
  input: unknown,
  opts: { item?: unknown; index?: number; signal?: AbortSignal },
  children: ChildRuns,
  stepSignal: AbortSignal,
): Promise<RunRecord> {
  const { options } = run;
  const depth = (options.depth ?? 0) + 1;
  const max = options.limits?.maxSubflowDepth ?? DEFAULT_MAX_DEPTH;
  if (depth > max) {
    throw new NodeError(
      'SUBFLOW_FAILED',
      `Helper flows nest deeper than ${max} levels (calling "${flowId}"); check for a flow that calls itself.`,
      { retryable: false },
    );
  }
  const compiled = run.loadedChildFlows?.get(flowId) ?? (await loadChild(run, flowId));
  const signal =
    opts.signal && opts.signal !== stepSignal ? AbortSignal.any([opts.signal, stepSignal]) : stepSignal;
  // On the run's own signal (the common case), the run stops its children itself: no listener per child run.
  const parent = signal === run.signal ? run : undefined;
  if (!sharedSignals.has(signal)) {
    // Each concurrent child run (or, sharing it, each child's node in flight) listens on it; up to `concurrency`
    // listeners is expected, not a leak.
    setMaxListeners(0, signal);
    sharedSignals.add(signal);
  }
  const { record, fullOutput } = await runCompiled(compiled, childOptionsFor(run, signal, depth), {
    trigger: { kind: 'call', data: input },
    item: opts.item,
    index: opts.index,
    parent,
  });
  children.add(record);
  if (options.onChildRun) await options.onChildRun(record);
  // The calling node gets the whole output even when the record keeps only a preview of it.
  return fullOutput === undefined ? record : { ...record, output: fullOutput(), outputTruncated: undefined };
}
