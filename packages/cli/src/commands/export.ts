/** `idflow export`: writes one canonical `<id>.flow.json` per server flow; reports (or prunes) stale files. */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCommandArgs, serverOptionSpecs, serverOptions } from '../cli-args';
import { out } from '../io/output';
import { createApiClient, listServerFlows } from '../remote/api-client';

export const exportUsage = `Usage: idflow export --server URL --token T [--out flows] [--prune]

Writes each flow on the server to <out>/<id>.flow.json, byte for byte as the server's canonical export.
Local *.flow.json files whose flow is no longer on the server are reported; --prune deletes them.
The token may come from IDFLOW_TOKEN and the server from IDFLOW_SERVER.`;

export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('export', argv, {
    ...serverOptionSpecs,
    out: { type: 'string', short: 'o' },
    prune: { type: 'boolean' },
  });
  if (values.help) {
    out(exportUsage);
    return 0;
  }
  const { server, token } = serverOptions('export', values);
  const dir = values.out ?? positionals[0] ?? 'flows';
  const api = createApiClient(server, token);
  const flows = await listServerFlows(api);
  await mkdir(dir, { recursive: true });
  const counts = { written: 0, unchanged: 0, stale: 0 };
  for (const { id } of flows) {
    const text = await api.text(`/api/v1/flows/${encodeURIComponent(id)}/export`);
    const file = join(dir, `${id}.flow.json`);
    const before = await readFile(file, 'utf8').catch(() => undefined);
    if (before === text) {
      counts.unchanged++;
      continue;
    }
    await writeFile(file, text);
    counts.written++;
    out(`${before === undefined ? 'created' : 'updated'} ${file}`);
  }
  const onServer = new Set(flows.map((f) => f.id));
  const local = (await readdir(dir)).filter((n) => n.endsWith('.flow.json')).sort();
  for (const name of local) {
    if (onServer.has(name.slice(0, -'.flow.json'.length))) continue;
    counts.stale++;
    const file = join(dir, name);
    if (values.prune) {
      await rm(file);
      out(`deleted ${file} (not on the server)`);
    } else out(`stale ${file}: not on the server (run with --prune to delete)`);
  }
  out(
    `exported ${flows.length} flow(s) to ${dir}: ${counts.written} written, ${counts.unchanged} unchanged` +
      (counts.stale > 0 ? `, ${counts.stale} ${values.prune ? 'deleted' : 'stale'}` : ''),
  );
  return 0;
}
