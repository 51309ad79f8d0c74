/** Compares a finished run (and the sandbox's state after it) with a test case's expectations. */
import type { RunRecord } from '@idflow/engine';
import { type Mismatch, matchEach, matchSubset } from './match-subset';
import type { FlowTestExpect } from './test-file-schema';

export interface ScimState {
  users: Record<string, unknown>[];
  groups: Record<string, unknown>[];
}

/**
 * All mismatches between the expectations and the run; empty when the case passes.
 * @example checkExpectations({ status: 'succeeded', steps: { find: { found: true } } }, record, state)
 */
export function checkExpectations(expect: FlowTestExpect, record: RunRecord, scim: ScimState): Mismatch[] {
  const out: Mismatch[] = [];
  if (record.status !== expect.status) {
    out.push({
      path: 'status',
      message: record.error
        ? `run ${record.status}: ${record.error.code}: ${record.error.message}`
        : 'different status',
      expected: expect.status,
      actual: record.status,
    });
  }
  const steps = new Map(record.steps.map((s) => [s.nodeId, s]));
  for (const [nodeId, status] of Object.entries(expect.stepStatus ?? {})) {
    const step = steps.get(nodeId);
    const actual = step?.status ?? 'not run';
    if (actual !== status) {
      const why = step?.error ? `: ${step.error.code}: ${step.error.message}` : '';
      out.push({ path: `stepStatus.${nodeId}`, message: `different status${why}`, expected: status, actual });
    }
  }
  for (const [nodeId, expected] of Object.entries(expect.steps ?? {})) {
    const step = steps.get(nodeId);
    if (step?.status !== 'succeeded') {
      const why = step?.error ? ` (${step.error.code}: ${step.error.message})` : '';
      out.push({
        path: `steps.${nodeId}`,
        message: `step ${step ? step.status : 'did not run'}${why}`,
        expected,
        actual: step?.output,
      });
      continue;
    }
    out.push(...matchSubset(expected, step.output, `steps.${nodeId}`));
  }
  for (const [nodeId, expected] of Object.entries(expect.plan ?? {})) {
    const step = steps.get(nodeId);
    if (!step?.planned) {
      out.push({
        path: `plan.${nodeId}`,
        message: `step ${step ? 'was not planned' : 'did not run'}`,
        expected,
      });
      continue;
    }
    out.push(...matchSubset(expected, step.output, `plan.${nodeId}`));
  }
  if (expect.output !== undefined) out.push(...matchSubset(expect.output, record.output, 'output'));
  if (expect.response !== undefined) out.push(...matchSubset(expect.response, record.response, 'response'));
  if (expect.error !== undefined) out.push(...matchSubset(expect.error, record.error, 'error'));
  const s = expect.scim;
  if (s) {
    if (s.users) out.push(...matchEach(s.users, scim.users, 'scim.users'));
    if (s.groups) out.push(...matchEach(s.groups, scim.groups, 'scim.groups'));
    if (s.usersAbsent) out.push(...matchEach(s.usersAbsent, scim.users, 'scim.usersAbsent', true));
    if (s.groupsAbsent) out.push(...matchEach(s.groupsAbsent, scim.groups, 'scim.groupsAbsent', true));
  }
  return out;
}
