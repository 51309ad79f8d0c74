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
      return setOutput(record, outcome.response.body, secrets, cap);
    }
    if (node.outEdges.length === 0 && outcome && outcome.ports.length > 0 && outcome.output !== undefined) {
      sinks.push([node.index, outcome.output]);
    }
  }
  if (sinks.length === 1) {
    // One sink: its step already made the snapshot; share it (records are plain data nobody mutates).
    const outcome = outputs[sinks[0]![0]]!;
    const whole = outcome.whole;
    if (whole) {
      const fits =
        outcome.json !== undefined
          ? outcome.json.length * 3 <= cap
          : typeof whole.value !== 'string' || whole.value.length * 3 + 2 <= cap;
      if (fits) {
        record.output = whole.value;
        return undefined;
      }
    }
    if (outcome.json !== undefined) return setCapped(record, outcome.json, cap);
  }
  const output =
    sinks.length === 1
      ? sinks[0]![1]
      : sinks.length > 1
        ? Object.fromEntries(sinks.map(([i, v]) => [compiled.nodes[i]!.id, v]))
        : undefined;
  return setOutput(record, output, secrets, cap);
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
