/** Loads and validates a set of local flow files for the remote commands; all must be valid, ids unique. */
import type { Flow } from '@idflow/engine';
import { builtinCatalog } from '../catalog';
import { CliError } from '../errors';
import { checkFlowFile, expandFlowFiles, formatIssue } from '../io/load-flow-file';
import { err } from '../io/output';

export interface LocalFlow {
  file: string;
  flow: Flow;
}

/**
 * Validates every file first. Prints every problem and throws CliError (with `failCode`) if any file is invalid
 * or two files share an id, so nothing is sent to the server.
 */
export async function loadLocalFlows(
  args: readonly string[],
  command: string,
  failCode = 1,
): Promise<LocalFlow[]> {
  const files = await expandFlowFiles(args);
  if (files.length === 0)
    throw new CliError(`idflow ${command}: no *.flow.json files in ${args.join(', ')}`, failCode);
  const catalog = builtinCatalog();
  const flows: LocalFlow[] = [];
  let bad = 0;
  for (const file of files) {
    try {
      const checked = await checkFlowFile(file, catalog);
      for (const w of checked.warnings) err(formatIssue(file, w, 'warning'));
      if (checked.ok) flows.push({ file, flow: checked.flow });
      else {
        bad++;
        for (const e of checked.errors) err(formatIssue(file, e, 'error'));
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      bad++;
      err(error.message);
    }
  }
  const seen = new Map<string, string>();
  for (const { file, flow } of flows) {
    const other = seen.get(flow.id);
    if (other) {
      bad++;
      err(`${file}: flow id "${flow.id}" is also used by ${other}`);
    }
    seen.set(flow.id, file);
  }
  if (bad > 0)
    throw new CliError(`idflow ${command}: ${bad} problem(s) in local files; nothing was sent`, failCode);
  return flows;
}
