/** Wraps node:util parseArgs: strict, with usage errors that say what went wrong and how to get help. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
const common = { help: { type: 'boolean', short: 'h' } } as const satisfies OptionSpecs;

/**
 * Parses a command's arguments strictly. Unknown flags and missing values become UsageError (exit 2).
 * @example const { values, positionals } = parseCommandArgs('run', argv, { json: { type: 'boolean' } });
 */
export function parseCommandArgs<O extends OptionSpecs>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...common, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    const flag = /'([^']+)'/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(
        `idflow ${command}: unknown option ${flag ?? ''}. Run "idflow ${command} --help" for usage.`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(
        `idflow ${command}: ${message.split('\n')[0]} Run "idflow ${command} --help" for usage.`,
      );
    }
    throw new UsageError(`idflow ${command}: ${message}`);
  }
}

/** The server and token for remote commands, from flags or IDFLOW_SERVER / IDFLOW_TOKEN. */
export function serverOptions(
  command: string,
  values: { server?: string | boolean; token?: string | boolean },
) {
  const server = (typeof values.server === 'string' ? values.server : undefined) ?? process.env.IDFLOW_SERVER;
  const token = (typeof values.token === 'string' ? values.token : undefined) ?? process.env.IDFLOW_TOKEN;
  if (!server) throw new UsageError(`idflow ${command}: --server URL is required (or set IDFLOW_SERVER).`);
  if (!token) throw new UsageError(`idflow ${command}: --token is required (or set IDFLOW_TOKEN).`);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(
      `idflow ${command}: --server must be a URL such as http://127.0.0.1:3000, not "${server}".`,
    );
  }
  return { server: url.toString().replace(/\/$/, ''), token };
}

export const serverOptionSpecs = {
  server: { type: 'string' },
  token: { type: 'string' },
} as const satisfies OptionSpecs;
