/** Spawns the real `idflow` command (node packages/cli/bin/idflow.mjs) asynchronously and collects its output. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const flowsDir = fileURLToPath(new URL('../../../flows', import.meta.url));
const bin = fileURLToPath(new URL('../../../packages/cli/bin/idflow.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Async on purpose: a runtime started in the test process must keep answering while the CLI runs. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  if (!options.env?.IDFLOW_TOKEN) delete env.IDFLOW_TOKEN;
  if (!options.env?.IDFLOW_SERVER) delete env.IDFLOW_SERVER;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: options.cwd ?? repoRoot, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
