/** ConnectionResolver for runs: reads the stored connection, decrypts its secrets; remembers SCIM base URLs for metrics. */
import { type ConnectionResolver, NodeError } from '@idflow/engine';
import type { SecretCipher } from '../secrets/cipher';
import { resolveConnection } from '../secrets/connection-secrets';
import type { Store } from '../store/types';

export interface RuntimeConnections extends ConnectionResolver {
  /** The SCIM connection base URL a request URL falls under, if any. */
  scimBaseFor(url: string): string | undefined;
}

export function createConnectionResolver(
  store: Store,
  cipher: SecretCipher,
  env: NodeJS.ProcessEnv,
): RuntimeConnections {
  const scimBases = new Set<string>();
  return {
    async get(name) {
      const stored = await store.getConnection(name);
      if (!stored) {
        throw new NodeError(
          'CONNECTION_NOT_FOUND',
          `Connection "${name}" does not exist: create it under Connections.`,
          {
            retryable: false,
          },
        );
      }
      let resolved: ReturnType<typeof resolveConnection>;
      try {
        resolved = resolveConnection(stored, cipher, env);
      } catch (err) {
        throw new NodeError('CONNECTION_NOT_FOUND', (err as Error).message, { retryable: false });
      }
      if (resolved.kind === 'scim') scimBases.add(resolved.baseUrl.replace(/\/+$/, ''));
      return resolved;
    },
    scimBaseFor(url) {
      for (const base of scimBases) if (url === base || url.startsWith(`${base}/`)) return base;
      return undefined;
    },
  };
}
