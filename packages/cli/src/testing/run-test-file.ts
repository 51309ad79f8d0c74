/** Runs the cases of one `<id>.test.json`: a seeded in-process sandbox per case, the flow, the expectations. */
import { dirname, join } from 'node:path';
import type { Flow, RunRecord } from '@idflow/engine';
import { builtinCatalog } from '../catalog';
import { CliError } from '../errors';
import { checkFlowFile, formatIssue, readJsonFile } from '../io/load-flow-file';
import { staticConnections } from '../local/connections';
import { runLocal } from '../local/run-local';
import { type LocalSandbox, startLocalSandbox } from '../local/sandbox';
import { checkExpectations } from './check-expectations';
import type { Mismatch } from './match-subset';
import { type FlowTestCase, type FlowTestFile, FlowTestFileSchema } from './test-file-schema';

export interface CaseResult {
  name: string;
  passed: boolean;
  mismatches: Mismatch[];
  record?: RunRecord;
  /** Set when the case could not run at all (sandbox, unexpected exception). */
  crash?: string;
  durationMs: number;
}

export interface TestFileResult {
  file: string;
  flowId: string;
  cases: CaseResult[];
}

/** Reads and checks a test file; throws CliError with every schema problem (`file: path: message`). */
export async function loadTestFile(file: string): Promise<FlowTestFile> {
  const parsed = FlowTestFileSchema.safeParse(await readJsonFile(file));
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(file)'}: ${i.message}`);
  throw new CliError(lines.join('\n'));
}

/** Loads and validates the flow a test file names, from the same directory. */
export async function loadFlowUnderTest(testFile: string, flowId: string): Promise<Flow> {
  const file = join(dirname(testFile), `${flowId}.flow.json`);
  const checked = await checkFlowFile(file, builtinCatalog());
  if (!checked.ok) {
    throw new CliError(
      [...checked.errors.map((e) => formatIssue(file, e, 'error')), `${file}: invalid flow`].join('\n'),
    );
  }
  if (checked.flow.id !== flowId)
    throw new CliError(`${file}: holds flow "${checked.flow.id}", not "${flowId}"`);
  return checked.flow;
}

/** The sandbox seed for a case: no `scim` means the demo data; a `scim` seed is the whole SCIM state. */
function seedFor(testCase: FlowTestCase) {
  const scim = testCase.scim ? { users: testCase.scim.users ?? [], groups: testCase.scim.groups ?? [] } : {};
  return testCase.hrFeed ? { ...scim, hrFeed: testCase.hrFeed } : scim;
}

async function runCase(flow: Flow, flowsDir: string, testCase: FlowTestCase): Promise<CaseResult> {
  const started = performance.now();
  let sandbox: LocalSandbox | undefined;
  try {
    sandbox = await startLocalSandbox(seedFor(testCase));
    const { record } = await runLocal({
      flow,
      trigger: { kind: testCase.trigger.kind, data: testCase.trigger.data ?? {} },
      flowsDir,
      connections: staticConnections(sandbox.connections),
      dryRun: testCase.dryRun === true,
    });
    const mismatches = checkExpectations(testCase.expect, record, sandbox.snapshot());
    return {
      name: testCase.name,
      passed: mismatches.length === 0,
      mismatches,
      record,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    const crash = error instanceof Error ? error.message : String(error);
    return {
      name: testCase.name,
      passed: false,
      mismatches: [],
      crash,
      durationMs: performance.now() - started,
    };
  } finally {
    await sandbox?.close();
  }
}

/**
 * Runs every case of a test file (optionally only cases whose name contains `filter`).
 * @example const result = await runTestFile('flows/onboard-new-hire.test.json')
 */
export async function runTestFile(file: string, filter?: string): Promise<TestFileResult> {
  const spec = await loadTestFile(file);
  const flow = await loadFlowUnderTest(file, spec.flow);
  const cases: CaseResult[] = [];
  for (const testCase of spec.cases) {
    if (filter && !testCase.name.includes(filter)) continue;
    cases.push(await runCase(flow, dirname(file), testCase));
  }
  return { file, flowId: spec.flow, cases };
}
