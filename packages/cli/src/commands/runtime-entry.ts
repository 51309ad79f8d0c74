/**
 * Loads an entry module of the runtime (apps/runtime) at run time, by path. The runtime already depends on this
 * package (@idflow/cli), so a package dependency back would be a cycle; `worker` and `migrate-store` only need
 * one function each, loaded when the command runs (the `idflow` bin has registered tsx, so .ts loads).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CliError } from '../errors';

const RUNTIME_SRC = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../apps/runtime/src',
);

/**
 * @example const run = await runtimeFunction<(argv: string[]) => Promise<number>>('scale/migrate-store-cli.ts', 'runMigrateStoreCli');
 */
export async function runtimeFunction<F>(file: string, name: string): Promise<F> {
  const full = path.join(RUNTIME_SRC, file);
  if (!existsSync(full)) {
    throw new CliError(
      `idflow: the runtime is not beside this CLI (${full} is missing); run it from the idflow repository.`,
    );
  }
  const mod: Record<string, unknown> = await import(pathToFileURL(full).href);
  const fn = mod[name];
  if (typeof fn !== 'function') throw new CliError(`idflow: ${file} does not export ${name}.`);
  return fn as F;
}
