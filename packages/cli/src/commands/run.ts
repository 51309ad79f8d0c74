/** `idflow run <file>`: runs a flow locally with the builtin node types; prints each step and the output. */
import { dirname } from 'node:path';
import type { ConnectionResolver } from '@idflow/engine';
import { builtinCatalog } from '../catalog';
import { parseCommandArgs } from '../cli-args';
import { CliError, UsageError } from '../errors';
import { checkFlowFile, formatIssue, readJsonFile } from '../io/load-flow-file';
import { err, out } from '../io/output';
import { type ConnectionSpec, loadConnectionsFile, staticConnections } from '../local/connections';
import { formatRun } from '../local/format-run';
import { runLocal, triggerFor } from '../local/run-local';
import { type LocalSandbox, startLocalSandbox } from '../local/sandbox';

export const runUsage = `Usage: idflow run <file> [--input data.json] [--flows-dir dir] [--connections connections.json]
                  [--sandbox] [--dry-run] [--json]

Runs the flow in this process with the builtin node types and prints each step's status and duration, then
the output. Exit 1 when the run does not succeed.
  --input F         the trigger payload (JSON). For a webhook flow, input without a top-level "body" is the body.
  --flows-dir D     where helper flows (<id>.flow.json) are found; default: the flow file's folder
  --connections F   connections by name: { "<name>": { "kind": "scim"|"http", "baseUrl", "auth"?, "options"? } };
                    secret values may be "env:NAME"
  --sandbox         start an in-process SCIM sandbox (demo data) as connections "sandbox" and "hr-feed"
  --dry-run         side-effecting nodes plan instead of writing
  --json            print the run record as JSON instead`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', argv, {
    input: { type: 'string', short: 'i' },
    'flows-dir': { type: 'string' },
    connections: { type: 'string' },
    sandbox: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    out(runUsage);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('idflow run: name the flow file to run.');
  if (extra.length > 0)
    throw new UsageError(`idflow run: one flow file at a time (also got ${extra.join(' ')}).`);

  const checked = await checkFlowFile(file, builtinCatalog());
  if (!checked.ok) {
    for (const e of checked.errors) err(formatIssue(file, e, 'error'));
    throw new CliError(`${file}: invalid flow; not run`);
  }
  const input = values.input === undefined ? undefined : await readJsonFile(values.input);
  let specs: Record<string, ConnectionSpec> = {};
  if (values.connections) specs = await loadConnectionsFile(values.connections);
  let sandbox: LocalSandbox | undefined;
  try {
    if (values.sandbox) {
      sandbox = await startLocalSandbox();
      specs = { ...sandbox.connections, ...specs };
    }
    const connections: ConnectionResolver = staticConnections(specs);
    const { record } = await runLocal({
      flow: checked.flow,
      trigger: triggerFor(checked.flow, input),
      flowsDir: values['flows-dir'] ?? dirname(file),
      connections,
      dryRun: values['dry-run'] === true,
    });
    if (values.json) out(JSON.stringify(record, null, 2));
    else for (const line of formatRun(record)) out(line);
    return record.status === 'succeeded' ? 0 : 1;
  } finally {
    await sandbox?.close();
  }
}
