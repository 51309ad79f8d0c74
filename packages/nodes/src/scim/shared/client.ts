/** Builds ScimClients from resolved connections and caches them by (run fetch, name, revision, search method), so discovery is reused across runs. */
import { type NodeContext, NodeError, type ResolvedConnection } from '@idflow/engine';
import { type ScimAuth, ScimClient, type SearchMethod, type UpdateStyle } from '@idflow/scim';

export interface ScimHandle {
  client: ScimClient;
  updateStyle: UpdateStyle;
}

/**
 * Per fetch function (the run's `RunOptions.fetch`, e.g. the runtime's guarded fetch), per connection. The client
 * sends through that fetch directly; cancellation reaches each request because every call passes `ctx.signal`.
 */
const caches = new WeakMap<typeof fetch, Map<string, ScimHandle>>();
const STYLES: readonly UpdateStyle[] = ['patchPath', 'patchValueMap', 'put'];

function toScimAuth(auth: ResolvedConnection['auth']): ScimAuth {
  switch (auth.type) {
    case 'apiKey':
      return { type: 'header', name: auth.header, value: auth.value };
    case 'oauth2':
      return {
        type: 'oauth2',
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        scope: auth.scope,
      };
    default:
      return auth;
  }
}

/**
 * The client for the node's `connection`. Retries are left to the node's retry policy (one attempt per call
 * here), so a flow's `retry` setting is the single place that decides how often a SCIM call is repeated.
 */
export async function scimClientFor(ctx: NodeContext<{ connection: string }>): Promise<ScimHandle> {
  const connection = await ctx.connections.get(ctx.config.connection);
  if (connection.kind !== 'scim') {
    throw new NodeError(
      'CONFIG_INVALID',
      `Connection "${connection.name}" is a ${connection.kind} connection; pick a SCIM connection.`,
    );
  }
  // Without runFetch (a NodeContext from elsewhere) the client is per step: correct, only slower.
  const fetchFn = ctx.runFetch ?? ctx.fetch;
  let cache = caches.get(fetchFn);
  if (!cache) {
    cache = new Map();
    caches.set(fetchFn, cache);
  }
  // 'post' keeps filter values (user names, emails) out of URLs; part of the key so a change is never ignored.
  const search: SearchMethod = connection.options.search === 'post' ? 'post' : 'get';
  const key = `${connection.name}\u0000${connection.revision}\u0000${connection.baseUrl}\u0000${search}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const style = connection.options.updateStyle;
  const updateStyle = STYLES.find((s) => s === style) ?? 'patchPath';
  const timeout = connection.options.timeoutMs;
  const client = new ScimClient({
    baseUrl: connection.baseUrl,
    auth: toScimAuth(connection.auth),
    fetch: fetchFn,
    timeoutMs: typeof timeout === 'number' && timeout > 0 ? timeout : undefined,
    retry: { attempts: 1 },
    updateStyle,
    search,
  });
  const handle = { client, updateStyle };
  // Older revisions of the same connection are dropped.
  for (const k of cache.keys()) if (k.startsWith(`${connection.name}\u0000`)) cache.delete(k);
  cache.set(key, handle);
  return handle;
}
