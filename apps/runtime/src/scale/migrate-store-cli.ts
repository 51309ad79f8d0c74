/** `idflow migrate-store --from <data dir | postgres://…> --to <postgres://… | data dir>`: copies one store into another. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { DEFAULT_SETTING_KEYS, migrateStore } from '../store-postgres/migrate';
import { createStoreFromUrl, isPostgresUrl } from '../store-postgres/store-from-url';

const ArgsSchema = z.object({
  from: z.string().min(1, { error: '--from is required: a data folder or a postgres:// URL' }),
  to: z.string().min(1, { error: '--to is required: a postgres:// URL or a data folder' }),
  pageSize: z.coerce.number().int().min(1).max(500).default(500),
});

function parseArgs(argv: readonly string[]): z.infer<typeof ArgsSchema> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    const key = { '--from': 'from', '--to': 'to', '--page-size': 'pageSize' }[flag];
    if (!key) throw new Error(`${arg}: unknown option (known: --from, --to, --page-size)`);
    if (value === undefined) throw new Error(`${flag}: needs a value`);
    raw[key] = value;
  }
  const parsed = ArgsSchema.safeParse({ from: '', to: '', ...raw });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('\n'));
  return parsed.data;
}

/** Every settings key in a data folder's state.json (the Store contract cannot list them). */
async function settingKeysOf(dir: string): Promise<string[]> {
  try {
    const json: unknown = JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8'));
    const keys = z.object({ settings: z.record(z.string(), z.string()) }).safeParse(json);
    return keys.success
      ? [...new Set([...DEFAULT_SETTING_KEYS, ...Object.keys(keys.data.settings)])]
      : DEFAULT_SETTING_KEYS;
  } catch {
    return DEFAULT_SETTING_KEYS;
  }
}

/**
 * Runs the command; returns the exit code (0 done, 1 failed, 2 bad arguments). Output goes to `out`/`err`.
 * @example
 * process.exitCode = await runMigrateStoreCli(['--from', 'data', '--to', 'postgres://idflow@db/idflow']);
 */
export async function runMigrateStoreCli(
  argv: readonly string[],
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  let args: z.infer<typeof ArgsSchema>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`idflow migrate-store: ${e instanceof Error ? e.message : String(e)}`);
    err('usage: idflow migrate-store --from <data dir | postgres://…> --to <postgres://… | data dir>');
    return 2;
  }
  const from = createStoreFromUrl(args.from);
  const to = createStoreFromUrl(args.to);
  try {
    await from.open();
    await to.open();
    const settingKeys = isPostgresUrl(args.from) ? DEFAULT_SETTING_KEYS : await settingKeysOf(args.from);
    const report = await migrateStore(from, to, {
      pageSize: args.pageSize,
      settingKeys,
      onProgress: (r) => out(`  ${r.runs} runs copied`),
    });
    out(
      `Copied ${report.flows} flows (${report.flowVersions} versions), ${report.connections} connections, ` +
        `${report.webhookSecrets} webhook secrets, ${report.scheduleStates} schedule states, ${report.settings} settings ` +
        `and ${report.runs} runs. Connection secrets were copied encrypted: start the new store with the same IDFLOW_SECRET_KEY ` +
        '(or the same secret.key file).',
    );
    return 0;
  } catch (e) {
    err(`idflow migrate-store failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await from.close().catch(() => {});
    await to.close().catch(() => {});
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runMigrateStoreCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
