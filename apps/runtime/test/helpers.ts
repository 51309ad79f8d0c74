/** Test helpers: a runtime on 127.0.0.1:0 with a temp data dir, captured log lines, a small API client, flow builders. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConfigInput } from '../src/config';
import { type RunningRuntime, type StartOptions, startRuntime } from '../src/server';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestRuntime extends RunningRuntime {
  dir: string;
  logs: string[];
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  /** Stops the runtime and removes the data dir (unless keepDir). */
  stop(opts?: { keepDir?: boolean }): Promise<void>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  json: any;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'idflow-runtime-'));
}

export async function startTestRuntime(
  config: Partial<ConfigInput> = {},
  options: StartOptions & { dir?: string } = {},
): Promise<TestRuntime> {
  const dir = options.dir ?? (await makeDataDir());
  const logs: string[] = [];
  const rt = await startRuntime(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      adminToken: ADMIN_TOKEN,
      secretKey: 'test-secret-key-0123456789abcdef',
      editorDir: path.join(dir, 'no-editor'),
      logLevel: 'debug',
      shutdownGraceMs: 5000,
      ...config,
    },
    { logStream: { write: (line: string) => void logs.push(line) }, ...options },
  );
  const api = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${rt.url}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  return {
    ...rt,
    dir,
    logs,
    api,
    async stop(opts = {}) {
      await rt.close();
      if (!opts.keepDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

type NodeSpec = { id: string; type: string; config?: Record<string, unknown> } & Record<string, unknown>;

/** A linear flow: trigger, then each node in order. */
export function linearFlow(id: string, trigger: NodeSpec, ...nodes: NodeSpec[]) {
  const all = [trigger, ...nodes];
  return {
    schemaVersion: 1,
    id,
    name: `Flow ${id}`,
    nodes: all.map((n, i) => ({ position: { x: i * 280, y: 0 }, config: {}, ...n })),
    edges: all.slice(1).map((n, i) => ({ from: all[i]!.id, to: n.id })),
  };
}

export const manual = (): NodeSpec => ({ id: 'start', type: 'trigger.manual', config: {} });
export const webhook = (config: Record<string, unknown>): NodeSpec => ({
  id: 'hook',
  type: 'trigger.webhook',
  config,
});
export const setNode = (id: string, fields: Record<string, unknown>): NodeSpec => ({
  id,
  type: 'transform.set',
  config: { fields },
});
export const respond = (status: number, body: unknown): NodeSpec => ({
  id: 'reply',
  type: 'flow.respond',
  config: { status, body },
});

/** Polls until `check` returns a truthy value (no timing assertions: fails only after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Gate {
  url: string;
  /** Requests received so far (method, url, headers). */
  seen: Array<{ method: string; url: string; headers: Record<string, string | string[] | undefined> }>;
  /** Answers every held request (and later ones, immediately). */
  release(): void;
  close(): Promise<void>;
}

/**
 * A local HTTP server that echoes each request (method, url, headers) as JSON. With `hold`, it answers only after
 * release(): a deterministic way to keep a run "running".
 */
export async function startEchoServer(hold = false): Promise<Gate> {
  const { createServer } = await import('node:http');
  const held: Array<() => void> = [];
  let open = !hold;
  const seen: Gate['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const answer = () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
    };
    if (open) answer();
    else held.push(answer);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    release() {
      open = true;
      for (const a of held.splice(0)) a();
    },
    close: () =>
      new Promise((r) => {
        open = true;
        for (const a of held.splice(0)) a();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const httpGet = (id: string, url: string, extra: Record<string, unknown> = {}): NodeSpec => ({
  id,
  type: 'http.request',
  config: { method: 'GET', url, ...extra },
});

/** Re-exported so cross-package tests outside the runtime package resolve it through the runtime's dependencies. */
export { type RunningSandbox, startSandbox } from 'scim-sandbox';
