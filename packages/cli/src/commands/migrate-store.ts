/** `idflow migrate-store --from <data dir | postgres://…> --to <postgres://… | data dir>`: copies one store into another. */
import { out } from '../io/output';
import { runtimeFunction } from './runtime-entry';

export const migrateStoreUsage = `Usage: idflow migrate-store --from <data dir | postgres://...> --to <postgres://... | data dir> [--page-size 500]

Copies flows (with every version), connections (secrets stay encrypted), webhook secrets, schedule state,
settings and run history from one store into another, e.g. a single-process data/ folder into the PostgreSQL
database of a scaled-out runtime. Start the new store with the same IDFLOW_SECRET_KEY (or secret.key file).`;

export async function migrateStoreCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(migrateStoreUsage);
    return 0;
  }
  const run = await runtimeFunction<(argv: readonly string[]) => Promise<number>>(
    'scale/migrate-store-cli.ts',
    'runMigrateStoreCli',
  );
  return run(argv);
}
