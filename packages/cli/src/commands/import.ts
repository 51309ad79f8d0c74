/** `idflow import`: validates every local flow, then imports all or none; --dry-run shows what would change. */
import { z } from 'zod';
import { parseCommandArgs, serverOptionSpecs, serverOptions } from '../cli-args';
import { diffFlows } from '../diff/diff-flows';
import { formatFlowDiff } from '../diff/format-diff';
import { UsageError } from '../errors';
import { out } from '../io/output';
import { createApiClient, getServerFlow } from '../remote/api-client';
import { loadLocalFlows } from '../remote/local-flows';

export const importUsage = `Usage: idflow import <files or dirs...> --server URL --token T [--dry-run]

Validates every file locally first (older schemaVersions are migrated), then imports them all in one request:
all or none. Reports which flows were created, updated and unchanged.
  --dry-run   send nothing; show what would be created or updated, and what changes
  --enable    enable every imported flow (new flows start disabled otherwise)`;

const IdList = z.array(z.union([z.string(), z.object({ id: z.string() }).loose()])).default([]);
const ImportResult = z.object({ created: IdList, updated: IdList, unchanged: IdList }).loose();
const ids = (list: z.infer<typeof IdList>) => list.map((x) => (typeof x === 'string' ? x : x.id));

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', argv, {
    ...serverOptionSpecs,
    'dry-run': { type: 'boolean' },
    enable: { type: 'boolean' },
  });
  if (values.help) {
    out(importUsage);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError('idflow import: name the flow files or a directory to import.');
  const { server, token } = serverOptions('import', values);
  const flows = await loadLocalFlows(positionals, 'import');
  const api = createApiClient(server, token);

  if (values['dry-run']) {
    const summary = { create: 0, update: 0, unchanged: 0 };
    for (const { flow, file } of flows) {
      const current = await getServerFlow(api, flow.id);
      if (current === undefined) {
        summary.create++;
        out(`would create ${flow.id} (${file})`);
        continue;
      }
      const diff = diffFlows(current as typeof flow, flow);
      if (diff.equal) {
        summary.unchanged++;
        out(`unchanged ${flow.id}`);
      } else {
        summary.update++;
        out(`would update ${flow.id}`);
        for (const line of formatFlowDiff(diff, '    ')) out(line);
      }
    }
    out(`dry run: ${summary.create} to create, ${summary.update} to update, ${summary.unchanged} unchanged`);
    return 0;
  }

  const request = {
    flows: flows.map((f) => f.flow),
    mode: 'upsert',
    ...(values.enable ? { enable: true } : {}),
  };
  const body = await api.json('POST', '/api/v1/flows/import', request);
  const parsed = ImportResult.safeParse(body);
  if (!parsed.success) {
    out(`imported ${flows.length} flow(s); the server's answer was not the expected shape`);
    return 0;
  }
  const result = {
    created: ids(parsed.data.created),
    updated: ids(parsed.data.updated),
    unchanged: ids(parsed.data.unchanged),
  };
  for (const id of result.created) out(`created ${id}`);
  for (const id of result.updated) out(`updated ${id}`);
  for (const id of result.unchanged) out(`unchanged ${id}`);
  out(
    `imported ${flows.length} flow(s): ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged`,
  );
  return 0;
}
