/** `idflow test [dir or files]`: runs `<id>.test.json` cases against an in-process SCIM sandbox. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCommandArgs } from '../cli-args';
import { CliError } from '../errors';
import { err, out } from '../io/output';
import { formatRun } from '../local/format-run';
import { formatMismatches } from '../testing/match-subset';
import { runTestFile } from '../testing/run-test-file';

export const testUsage = `Usage: idflow test [dirs or files...] [--filter text] [--verbose]

Runs the cases in each <id>.test.json (default: every one in ./flows) against the flow <id>.flow.json
beside it. Each case gets its own in-process SCIM sandbox, seeded as the case says, reachable through the
connections "sandbox" (SCIM) and "hr-feed" (HTTP, the sandbox's demo HR feed). Prints a line per case and,
for a failure, expected vs actual at each failing JSON path. Exit 1 if any case fails.
  --filter T   only cases whose name contains T
  --verbose    print every run's steps, not only the failing ones'`;

async function testFiles(args: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (!info) throw new CliError(`${arg}: no such file or directory`);
    if (info.isDirectory()) {
      const names = (await readdir(arg)).filter((n) => n.endsWith('.test.json')).sort();
      files.push(...names.map((n) => join(arg, n)));
    } else files.push(arg);
  }
  return files;
}

export async function testCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('test', argv, {
    filter: { type: 'string' },
    verbose: { type: 'boolean' },
  });
  if (values.help) {
    out(testUsage);
    return 0;
  }
  const files = await testFiles(positionals.length > 0 ? positionals : ['flows']);
  if (files.length === 0)
    throw new CliError(`idflow test: no *.test.json files in ${positionals.join(', ') || 'flows'}`);
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    let result: Awaited<ReturnType<typeof runTestFile>>;
    try {
      result = await runTestFile(file, values.filter);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      failed++;
      err(`✗ ${file}`);
      err(error.message);
      continue;
    }
    for (const c of result.cases) {
      const label = `${result.flowId} › ${c.name}`;
      if (c.passed) {
        passed++;
        out(`✓ ${label} (${Math.round(c.durationMs)} ms)`);
      } else {
        failed++;
        out(`✗ ${label}`);
        if (c.crash) out(`    crashed: ${c.crash}`);
        for (const line of formatMismatches(c.mismatches)) out(line);
      }
      if (c.record && (!c.passed || values.verbose))
        for (const line of formatRun(c.record)) out(`    ${line}`);
    }
  }
  out(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
