/** `idflow migrate <files...> [--check]`: upgrades flow files to the current schemaVersion, in canonical form. */
import { readFile, writeFile } from 'node:fs/promises';
import { toCanonicalJson } from '@idflow/engine';
import { builtinCatalog } from '../catalog';
import { parseCommandArgs } from '../cli-args';
import { CliError, UsageError } from '../errors';
import { checkFlowFile, expandFlowFiles, formatIssue } from '../io/load-flow-file';
import { err, out } from '../io/output';

export const migrateUsage = `Usage: idflow migrate <files or dirs...> [--check]

Rewrites each flow file in place at the current schemaVersion, in canonical form (schema key order,
2-space indent, final newline). A file that does not validate after migrating is left untouched.
  --check   write nothing; exit 1 if any file would change (for CI)`;

export async function migrateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('migrate', argv, { check: { type: 'boolean' } });
  if (values.help) {
    out(migrateUsage);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError('idflow migrate: name at least one flow file or directory.');
  const catalog = builtinCatalog();
  let failed = 0;
  let stale = 0;
  for (const file of await expandFlowFiles(positionals)) {
    try {
      const checked = await checkFlowFile(file, catalog);
      if (!checked.ok) {
        failed++;
        for (const e of checked.errors) err(formatIssue(file, e, 'error'));
        err(`${file}: not rewritten (fix the errors above first)`);
        continue;
      }
      const text = toCanonicalJson(checked.flow, catalog);
      const before = await readFile(file, 'utf8');
      const what =
        checked.migratedFrom !== undefined
          ? `migrated schemaVersion ${checked.migratedFrom} → ${checked.flow.schemaVersion}`
          : 'canonicalised';
      if (before === text) {
        out(`${file}: unchanged`);
        continue;
      }
      stale++;
      if (values.check) out(`${file}: would be ${what}`);
      else {
        await writeFile(file, text);
        out(`${file}: ${what}`);
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      failed++;
      err(error.message);
    }
  }
  return failed > 0 || (values.check && stale > 0) ? 1 : 0;
}
