/** Entry point of the `idflow` command: dispatches to a command, maps errors to messages and exit codes. */
import { diffCommand, diffUsage } from './commands/diff';
import { exportCommand, exportUsage } from './commands/export';
import { importCommand, importUsage } from './commands/import';
import { migrateCommand, migrateUsage } from './commands/migrate';
import { migrateStoreCommand, migrateStoreUsage } from './commands/migrate-store';
import { runCommand, runUsage } from './commands/run';
import { schemaCommand, schemaUsage } from './commands/schema';
import { testCommand, testUsage } from './commands/test';
import { validateCommand, validateUsage } from './commands/validate';
import { workerCommand, workerUsage } from './commands/worker';
import { CliError } from './errors';
import { err, out } from './io/output';

interface Command {
  run(argv: string[]): Promise<number>;
  usage: string;
  summary: string;
}

const commands: Record<string, Command> = {
  validate: { run: validateCommand, usage: validateUsage, summary: 'check flow files' },
  run: { run: runCommand, usage: runUsage, summary: 'run a flow locally with the builtin node types' },
  test: {
    run: testCommand,
    usage: testUsage,
    summary: 'run <id>.test.json cases against an in-process SCIM sandbox',
  },
  schema: { run: schemaCommand, usage: schemaUsage, summary: 'print the flow file JSON Schema' },
  migrate: {
    run: migrateCommand,
    usage: migrateUsage,
    summary: 'upgrade flow files to the current schemaVersion',
  },
  export: {
    run: exportCommand,
    usage: exportUsage,
    summary: 'write the server’s flows to <id>.flow.json files',
  },
  import: {
    run: importCommand,
    usage: importUsage,
    summary: 'import flow files into the server (all or none)',
  },
  diff: { run: diffCommand, usage: diffUsage, summary: 'compare flow files with the server, by meaning' },
  worker: {
    run: workerCommand,
    usage: workerUsage,
    summary: 'run a queue-mode worker (Redis + PostgreSQL) for a scaled-out runtime',
  },
  'migrate-store': {
    run: migrateStoreCommand,
    usage: migrateStoreUsage,
    summary: 'copy a data/ folder into PostgreSQL (or back)',
  },
};

export const VERSION = '0.1.0';

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `idflow ${VERSION}: flows as files, for identity admins.

Usage: idflow <command> [options]

Commands:
${lines.join('\n')}

Run "idflow <command> --help" for a command's options.
Remote commands take --server URL and --token T (or IDFLOW_SERVER, IDFLOW_TOKEN).`;
}

/**
 * Runs the CLI with argv (without node and the script) and returns the exit code:
 * 0 success, 1 failure (invalid flow, failed run, failed test), 2 usage error.
 * @example process.exitCode = await main(['validate', 'flows'])
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' && rest[0] ? commands[rest[0]] : undefined;
    out(topic ? topic.usage : help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    out(VERSION);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    err(
      `idflow: unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}. Run "idflow --help".`,
    );
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      err(error.message);
      return error.exitCode;
    }
    err(`idflow ${name}: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
