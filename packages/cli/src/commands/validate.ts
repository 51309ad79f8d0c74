/** `idflow validate <files...>`: checks flow files; prints `file: path: message` per issue, exit 1 on any error. */
import { builtinCatalog } from '../catalog';
import { parseCommandArgs } from '../cli-args';
import { CliError, UsageError } from '../errors';
import { checkFlowFile, expandFlowFiles, formatIssue } from '../io/load-flow-file';
import { err, out } from '../io/output';

export const validateUsage = `Usage: idflow validate <files or dirs...> [--quiet]

Checks flow files against the flow schema, the builtin node types and the graph rules.
Prints "file: path: message" for each error ("warning:" marks warnings). Exit 1 if any file has an error.
Files of an older schemaVersion are migrated in memory first (see "idflow migrate").`;

export async function validateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', argv, {
    quiet: { type: 'boolean', short: 'q' },
  });
  if (values.help) {
    out(validateUsage);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError('idflow validate: name at least one flow file or directory.');
  const files = await expandFlowFiles(positionals);
  if (files.length === 0)
    throw new CliError(`idflow validate: no *.flow.json files in ${positionals.join(', ')}`);
  const catalog = builtinCatalog();
  let failed = 0;
  for (const file of files) {
    try {
      const checked = await checkFlowFile(file, catalog);
      for (const w of checked.warnings) err(formatIssue(file, w, 'warning'));
      if (!checked.ok) {
        failed++;
        for (const e of checked.errors) err(formatIssue(file, e, 'error'));
      } else if (!values.quiet) {
        const migrated =
          checked.migratedFrom === undefined ? '' : ` (schemaVersion ${checked.migratedFrom}, migrated)`;
        out(`${file}: ok${migrated}`);
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      failed++;
      err(error.message);
    }
  }
  if (failed > 0) err(`${failed} of ${files.length} file(s) failed validation`);
  return failed > 0 ? 1 : 0;
}
