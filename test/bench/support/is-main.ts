/** True when the module at `url` is the script node was started with (`npx tsx <file>`). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function isMain(url: string): boolean {
  const argv1 = process.argv[1];
  return argv1 !== undefined && path.resolve(argv1) === fileURLToPath(url);
}

/** The value after `--name` on the command line, if any. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
