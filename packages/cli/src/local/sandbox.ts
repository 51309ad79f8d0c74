/** Starts an in-process SCIM sandbox (port 0, 127.0.0.1) for `run --sandbox` and `idflow test`. */
import { randomUUID } from 'node:crypto';
import { startSandbox } from 'scim-sandbox';
import { type ConnectionSpec, sandboxConnections } from './connections';

export interface SandboxSeed {
  /** Omitted: the sandbox's demo users. */
  users?: object[];
  /** Omitted: the sandbox's demo groups. Members may name users by userName. */
  groups?: object[];
  /** Replaces the demo HR feed lists that are given. */
  hrFeed?: { hires?: object[]; terminations?: object[] };
}

export interface LocalSandbox {
  url: string;
  origin: string;
  /** `sandbox` (SCIM) and `hr-feed` (HTTP) connections pointing at it. */
  connections: Record<string, ConnectionSpec>;
  snapshot(): { users: Record<string, unknown>[]; groups: Record<string, unknown>[] };
  close(): Promise<void>;
}

/**
 * Starts a seeded sandbox with a random token.
 * @example const sb = await startLocalSandbox({ users: [] }); try { ... } finally { await sb.close(); }
 */
export async function startLocalSandbox(seed: SandboxSeed = {}): Promise<LocalSandbox> {
  const token = `cli-${randomUUID()}`;
  const { hrFeed, ...scim } = seed;
  const sandbox = await startSandbox({ token, port: 0, seed: scim });
  if (hrFeed) sandbox.store.setHrFeed(hrFeed as Parameters<typeof sandbox.store.setHrFeed>[0]);
  return {
    url: sandbox.url,
    origin: sandbox.origin,
    connections: sandboxConnections(sandbox, token),
    snapshot: () => sandbox.store.snapshot(),
    close: () => sandbox.close(),
  };
}
