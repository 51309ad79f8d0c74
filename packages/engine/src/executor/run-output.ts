/** fillRunOutput: a finished run's `output` (response body, one sink, or sinks by node id), redacted and capped. */
import type { RunRecord } from '../run-types';
import type { StepOutcome } from './step-host';
import { capJson, snapshotJson } from './step-record';
import type { CompiledFlow } from './types';

/**
 * Sets `record.output` (and `response`) from the nodes' outcomes; returns the whole output's JSON when it had to
 * be capped (`outputTruncated`), else undefined.
 */
export function fillRunOutput(
  record: RunRecord,
  compiled: CompiledFlow,
  outputs: readonly (StepOutcome | undefined)[],
  secrets: readonly string[],
  cap: number,
): string | undefined {
  const sinks: [number, unknown][] = [];
  for (const node of compiled.nodes) {
    const outcome = outputs[node.index];
    if (outcome?.response) {
      record.response = outcome.response;
      // flow.respond outputs its body: the step's snapshot of it is the run output's.
      const body = outcome.response.body;
      if (body !== undefined && body === outcome.output && shareWhole(record, outcome, cap)) return undefined;
      return setOutput(record, body, secrets, cap);
    }
    if (node.outEdges.length === 0 && outcome && outcome.ports.length > 0 && outcome.output !== undefined) {
      sinks.push([node.index, outcome.output]);
    }
  }
  if (sinks.length === 1) {
    // One sink: its step already made the snapshot; share it (records are plain data nobody mutates).
    const outcome = outputs[sinks[0]![0]]!;
    if (shareWhole(record, outcome, cap)) return undefined;
    const recorded = outcome.recorded;
    if (recorded?.json !== undefined) return setCapped(record, recorded.json, cap);
    if (recorded && !recorded.truncated && recorded.value !== null && typeof recorded.value === 'object') {
      // A copy made without its JSON text (it fitted the step's cap, not this one): the same text as the output's.
      return setCapped(record, JSON.stringify(recorded.value), cap);
    }
  }
  const output =
    sinks.length === 1
      ? sinks[0]![1]
      : sinks.length > 1
        ? Object.fromEntries(sinks.map(([i, v]) => [compiled.nodes[i]!.id, v]))
        : undefined;
  return setOutput(record, output, secrets, cap);
}

/** Uses the step's whole recorded output as the run output when it fits `cap`. */
function shareWhole(record: RunRecord, outcome: StepOutcome, cap: number): boolean {
  const recorded = outcome.recorded;
  if (!recorded || recorded.truncated || recorded.size > cap) return false;
  record.output = recorded.value;
  return true;
}

/** Records the run's output as a redacted snapshot, capped like step outputs (`outputTruncated`). */
function setOutput(
  record: RunRecord,
  output: unknown,
  secrets: readonly string[],
  cap: number,
): string | undefined {
  if (output === undefined) return undefined;
  return setCapped(record, snapshotJson(output, secrets), cap);
}

function setCapped(record: RunRecord, json: string | undefined, cap: number): string | undefined {
  const capped = capJson(json, cap);
  record.output = capped.value;
  if (!capped.truncated) return undefined;
  record.outputTruncated = true;
  return json;
}
