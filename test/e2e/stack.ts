/** Starts a real runtime (serving the built editor) and a real SCIM sandbox on random ports, for e2e and bench. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRuntime } from '../../apps/runtime/src/index';
import { type RunningSandbox, startSandbox } from '../../apps/scim-sandbox/src/index';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
export const SCIM_TOKEN = 'e2e-scim-token';
export const EDITOR_DIST = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../apps/editor/dist',
);

export interface Stack {
  url: string;
  sandbox: RunningSandbox;
  api(pathname: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * @example const stack = await startStack(); await page.goto(stack.url); await stack.close();
 */
export async function startStack(options: { withConnection?: boolean } = {}): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'idflow-e2e-'));
  const sandbox = await startSandbox({ token: SCIM_TOKEN, port: 0 });
  const rt = await startRuntime(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      adminToken: ADMIN_TOKEN,
      editorDir: EDITOR_DIST,
      httpDenyPrivate: false,
      logLevel: 'silent',
      shutdownGraceMs: 1000,
    },
    {},
  );
  const api = (pathname: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${rt.url}${pathname}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  if (options.withConnection !== false) {
    const res = await api('/api/v1/connections', {
      method: 'POST',
      body: {
        name: 'sandbox',
        kind: 'scim',
        baseUrl: sandbox.url,
        auth: { type: 'bearer', token: SCIM_TOKEN },
      },
    });
    if (!res.ok) throw new Error(`creating the sandbox connection failed: ${res.status} ${await res.text()}`);
  }
  return {
    url: rt.url,
    sandbox,
    api,
    async close() {
      await rt.close();
      await sandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
