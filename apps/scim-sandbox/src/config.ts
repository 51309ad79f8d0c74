// Command-line and environment configuration of `pnpm --filter scim-sandbox start`, validated with zod.
import { z } from 'zod';

export const DEFAULT_TOKEN = 'sandbox-token';
export const DEFAULT_DATA_FILE = './data/scim-sandbox.json';

export interface SandboxConfig {
  port: number;
  host: string;
  token: string;
  /** undefined = in-memory (`--in-memory` or `SCIM_SANDBOX_DATA=memory`). */
  dataFile?: string;
  features: { patch: boolean; etag: boolean; bulk: boolean; sort: boolean };
}

const onOff = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return true;
      if (/^(on|true|1|yes)$/i.test(v)) return true;
      if (/^(off|false|0|no)$/i.test(v)) return false;
      ctx.addIssue({ code: 'custom', message: `${name} must be "on" or "off" (got ${JSON.stringify(v)})` });
      return z.NEVER;
    });

const schema = z.object({
  port: z.coerce
    .number({ message: 'port must be a number' })
    .int('port must be an integer')
    .min(0, 'port must be between 0 and 65535')
    .max(65535, 'port must be between 0 and 65535'),
  host: z.string().min(1, 'host must not be empty'),
  token: z
    .string()
    .min(8, 'token must be at least 8 characters')
    .regex(/^\S+$/, 'token must not contain spaces'),
  data: z.string().min(1, 'data file path must not be empty'),
  patch: onOff('SCIM_SANDBOX_PATCH'),
  etag: onOff('SCIM_SANDBOX_ETAG'),
  bulk: onOff('SCIM_SANDBOX_BULK'),
  sort: onOff('SCIM_SANDBOX_SORT'),
});

const SOURCES: Record<string, string> = {
  port: 'SCIM_SANDBOX_PORT / --port',
  host: 'SCIM_SANDBOX_HOST / --host',
  token: 'SCIM_SANDBOX_TOKEN / --token',
  data: 'SCIM_SANDBOX_DATA / --data',
};

/** Reads `--flag value`, `--flag=value`, `--no-patch` style arguments. */
function parseArgs(argv: string[]): { values: Record<string, string>; errors: string[] } {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const off = /^--no-(patch|etag|bulk|sort)$/.exec(arg);
    if (off?.[1]) values[off[1]] = 'off';
    else if (arg === '--in-memory') values.data = 'memory';
    else {
      const m = /^--(port|host|token|data)(?:=(.*))?$/.exec(arg);
      const value = m?.[2] ?? argv[i + 1];
      if (!m?.[1] || value === undefined)
        errors.push(`unknown or incomplete argument ${JSON.stringify(arg)}`);
      else {
        values[m[1]] = value;
        if (m[2] === undefined) i++;
      }
    }
  }
  return { values, errors };
}

/**
 * Builds the configuration from environment and arguments (arguments win); returns one message per bad value.
 * @example loadConfig(process.env, ['--port', '0', '--no-bulk'])
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  argv: string[],
): { config: SandboxConfig; errors: [] } | { config?: undefined; errors: string[] } {
  const { values, errors } = parseArgs(argv);
  const input = {
    port: values.port ?? env.SCIM_SANDBOX_PORT ?? '8090',
    host: values.host ?? env.SCIM_SANDBOX_HOST ?? '127.0.0.1',
    token: values.token ?? env.SCIM_SANDBOX_TOKEN ?? DEFAULT_TOKEN,
    data: values.data ?? env.SCIM_SANDBOX_DATA ?? DEFAULT_DATA_FILE,
    patch: values.patch ?? env.SCIM_SANDBOX_PATCH,
    etag: values.etag ?? env.SCIM_SANDBOX_ETAG,
    bulk: values.bulk ?? env.SCIM_SANDBOX_BULK,
    sort: values.sort ?? env.SCIM_SANDBOX_SORT,
  };
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      const got = key in SOURCES ? ` (got ${JSON.stringify(input[key as keyof typeof input])})` : '';
      errors.push(key in SOURCES ? `${SOURCES[key]}: ${issue.message}${got}` : issue.message);
    }
  }
  if (errors.length || !parsed.success) return { errors };
  const { port, host, token, data, patch, etag, bulk, sort } = parsed.data;
  return {
    config: {
      port,
      host,
      token,
      dataFile: data === 'memory' ? undefined : data,
      features: { patch, etag, bulk, sort },
    },
    errors: [],
  };
}
