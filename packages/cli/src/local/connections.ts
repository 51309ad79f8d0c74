/** Connection resolvers for local runs: from a connections.json file, and for an in-process SCIM sandbox. */
import type { ConnectionResolver, ResolvedConnection } from '@idflow/engine';
import { NodeError } from '@idflow/engine';
import { z } from 'zod';
import { CliError } from '../errors';
import { readJsonFile } from '../io/load-flow-file';

/** The names the example flows use: the SCIM sandbox and the sandbox's demo HR feed. */
export const SANDBOX_CONNECTION = 'sandbox';
export const HR_FEED_CONNECTION = 'hr-feed';

const Secret = z.string().min(1);
const AuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer'), token: Secret }),
  z.object({ type: z.literal('basic'), username: z.string(), password: Secret }),
  z.object({ type: z.literal('apiKey'), header: z.string().min(1), value: Secret }),
  z.object({
    type: z.literal('oauth2'),
    tokenUrl: z.url(),
    clientId: z.string(),
    clientSecret: Secret,
    scope: z.string().optional(),
  }),
]);

export const ConnectionSchema = z.object({
  kind: z.enum(['scim', 'http']),
  baseUrl: z.url(),
  auth: AuthSchema.default({ type: 'none' }),
  options: z.record(z.string(), z.unknown()).default({}),
});

/** connections.json: `{ "<name>": { kind, baseUrl, auth?, options? } }`. Secrets may be `env:NAME`. */
export const ConnectionsFileSchema = z.record(z.string().min(1), ConnectionSchema);

export type ConnectionSpec = z.input<typeof ConnectionSchema>;

function resolveSecret(value: string, where: string): string {
  if (!value.startsWith('env:')) return value;
  const name = value.slice(4);
  const found = process.env[name];
  if (found === undefined) throw new CliError(`${where}: environment variable ${name} is not set`);
  return found;
}

/** A resolver over fixed connections; an unknown name fails the node with CONNECTION_NOT_FOUND. */
export function staticConnections(specs: Record<string, ConnectionSpec>): ConnectionResolver {
  const resolved = new Map<string, ResolvedConnection>();
  for (const [name, spec] of Object.entries(specs)) {
    const c = ConnectionSchema.parse(spec);
    const auth = Object.fromEntries(
      Object.entries(c.auth).map(([k, v]) => [
        k,
        k === 'type' || typeof v !== 'string' ? v : resolveSecret(v, name),
      ]),
    ) as ResolvedConnection['auth'];
    resolved.set(name, { name, kind: c.kind, baseUrl: c.baseUrl, auth, options: c.options, revision: '1' });
  }
  return {
    async get(name) {
      const found = resolved.get(name);
      if (found) return found;
      const known = [...resolved.keys()].join(', ') || 'none';
      throw new NodeError(
        'CONNECTION_NOT_FOUND',
        `No connection named "${name}" (known: ${known}). Pass --connections connections.json or --sandbox.`,
        { retryable: false },
      );
    },
  };
}

/** Reads and checks a connections.json file. */
export async function loadConnectionsFile(file: string): Promise<Record<string, ConnectionSpec>> {
  const parsed = ConnectionsFileSchema.safeParse(await readJsonFile(file));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `\n  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new CliError(`${file}: not a valid connections file:${lines.join('')}`);
  }
  return parsed.data;
}

/** The `sandbox` (SCIM) and `hr-feed` (HTTP) connections for a running sandbox. */
export function sandboxConnections(sandbox: { url: string; origin: string }, token: string) {
  return {
    [SANDBOX_CONNECTION]: { kind: 'scim', baseUrl: sandbox.url, auth: { type: 'bearer', token } },
    [HR_FEED_CONNECTION]: { kind: 'http', baseUrl: sandbox.origin, auth: { type: 'bearer', token } },
  } satisfies Record<string, ConnectionSpec>;
}
