/** Where commands write: stdout for results, stderr for diagnostics. One place, so tests can read both. */

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function err(line = ''): void {
  process.stderr.write(`${line}\n`);
}
