/** runCompiled: runs a compiled flow start to finish: run events, cancellation and run-timeout wiring, record. */
import { NodeError } from '../errors';
import type { RunRecord } from '../run-types';
import { type ChildStart, FlowRun } from './flow-run';
import type { CompiledFlow, RunOptions } from './types';

const DEFAULT_CONCURRENCY = 8;

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
