/** runFlow: compiles a flow (unless given compiled) and runs it into a run record. */
import type { Flow } from '../model/flow-schema';
import type { RunRecord } from '../run-types';
import { compileFlow, isCompiledFlow } from './compile-flow';
import { runCompiled } from './run-compiled';
import { invalidRecord } from './run-record';
import type { CompiledFlow, RunOptions } from './types';

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
