/** Run-record assembly: the initial record and expression scope of a run, and the record of an invalid flow. */
import type { Flow } from '../model/flow-schema';
import type { ExpressionContext } from '../node-type';
import type { RunRecord, TriggerInfo } from '../run-types';
import { iso, randomIds, systemClock } from './defaults';
import type { CompiledFlow, RunOptions } from './types';

/** The `scope` expressions see at the start of a run (`steps` fills in as nodes finish). */
export function startScope(
  compiled: CompiledFlow,
  options: RunOptions,
  trigger: TriggerInfo,
  item: unknown,
  index: number | undefined,
  runId: string,
  startedAt: string,
): ExpressionContext {
  const flow = compiled.flow;
  const scope: ExpressionContext = {
    trigger: trigger.data,
    steps: {},
    flow: { id: flow.id, name: flow.name, hash: compiled.hash },
    run: { id: runId, startedAt, dryRun: options.dryRun === true },
  };
  if (item !== undefined) scope.item = item;
  if (index !== undefined) scope.index = index;
  return scope;
}

/** A run's record while it runs: identity, trigger and the options it records; steps are pushed as they settle. */
export function startRecord(
  compiled: CompiledFlow,
  options: RunOptions,
  trigger: TriggerInfo,
  runId: string,
  startedAt: string,
): RunRecord {
  const record: RunRecord = {
    id: runId,
    flowId: compiled.flow.id,
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
  return record;
}

/** The failed record (code CONFIG_INVALID) of a flow that did not compile. */
export function invalidRecord(flow: Flow, options: RunOptions, err: unknown): RunRecord {
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
