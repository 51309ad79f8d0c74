/** `idflow diff <dir>`: per flow, added / removed / changed against the server, with node, edge and field detail. */
import type { Flow } from '@idflow/engine';
import { parseCommandArgs, serverOptionSpecs, serverOptions } from '../cli-args';
import { diffFlows } from '../diff/diff-flows';
import { formatFlowDiff } from '../diff/format-diff';
import { UsageError } from '../errors';
import { out } from '../io/output';
import { createApiClient, getServerFlow, listServerFlows } from '../remote/api-client';
import { loadLocalFlows } from '../remote/local-flows';

export const diffUsage = `Usage: idflow diff <dir or files...> --server URL --token T [--ignore-positions]

Compares local flow files with the server, by meaning (not text):
  + id   only local (an import would add it)
  - id   only on the server
  ~ id   changed: the nodes, edges and config fields that differ (server → local)
Exit 0 when nothing differs, 1 when something does, 2 on trouble (like diff(1)).`;

export async function diffCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('diff', argv, {
    ...serverOptionSpecs,
    'ignore-positions': { type: 'boolean' },
  });
  if (values.help) {
    out(diffUsage);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError('idflow diff: name the flows directory (e.g. "idflow diff flows").');
  const { server, token } = serverOptions('diff', values);
  const local = await loadLocalFlows(positionals, 'diff', 2);
  const api = createApiClient(server, token);
  const remoteIds = new Set((await listServerFlows(api)).map((f) => f.id));
  const localIds = new Set(local.map((l) => l.flow.id));
  let differences = 0;
  for (const { flow } of [...local].sort((a, b) => a.flow.id.localeCompare(b.flow.id))) {
    if (!remoteIds.has(flow.id)) {
      differences++;
      out(`+ ${flow.id} (added: not on the server)`);
      continue;
    }
    const current = (await getServerFlow(api, flow.id)) as Flow | undefined;
    if (!current) continue;
    const diff = diffFlows(current, flow, { ignorePositions: values['ignore-positions'] === true });
    if (diff.equal) continue;
    differences++;
    out(`~ ${flow.id} (changed)`);
    for (const line of formatFlowDiff(diff, '    ')) out(line);
  }
  for (const id of [...remoteIds].sort()) {
    if (localIds.has(id)) continue;
    differences++;
    out(`- ${id} (removed: only on the server)`);
  }
  out(differences === 0 ? 'no differences' : `${differences} flow(s) differ`);
  return differences === 0 ? 0 : 1;
}
