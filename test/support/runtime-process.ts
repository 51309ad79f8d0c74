/**
 * The runtime as a child process (`node --import tsx apps/runtime/src/main.ts`, or the production build `npm start`
 * runs) with captured output, plus API helpers.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHILD_ADMIN_TOKEN = 'reliability-admin-token-0123456789';
export const CHILD_SECRET_KEY = 'reliability-secret-key-0123456789abcdef';

export interface RuntimeChild {
  url: string;
  dir: string;
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

export const tempDir = (prefix = 'idflow-rel-') => mkdtemp(path.join(tmpdir(), prefix));

const RUNTIME_DIR = path.join(ROOT, 'apps/runtime');

/**
 * Builds the runtime as `npm start` does, into its own `apps/runtime/dist-<name>` (never over the dist/ a running
 * runtime loads lazy chunks from); `main` is the entry to pass to spawnRuntime.
 * @example const built = buildRuntime('test'); const rt = await spawnRuntime({ dir, entry: built.main }); ...; await built.remove();
 */
export function buildRuntime(name: string): { main: string; remove(): Promise<void> } {
  const out = `dist-${name}-${process.pid}`;
  execFileSync(process.execPath, ['scripts/build.mjs', '--out', out], { cwd: RUNTIME_DIR, stdio: 'pipe' });
  const dir = path.join(RUNTIME_DIR, out);
  return { main: path.join(dir, 'main.mjs'), remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Starts the runtime; resolves once it prints its URL, or rejects with its output when it exits first.
 * @example const rt = await spawnRuntime({ dir }); ...; await rt.kill('SIGKILL');
 */
export function spawnRuntime(opts: {
  dir: string;
  env?: Record<string, string>;
  port?: number;
  /** A built entry (buildRuntime().main), run with plain node; default: the sources through tsx. */
  entry?: string;
}): Promise<RuntimeChild> {
  const args = opts.entry
    ? ['--enable-source-maps', opts.entry]
    : ['--import', 'tsx', 'apps/runtime/src/main.ts'];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      IDFLOW_PORT: String(opts.port ?? 0),
      IDFLOW_HOST: '127.0.0.1',
      IDFLOW_DATA_DIR: opts.dir,
      IDFLOW_ADMIN_TOKEN: CHILD_ADMIN_TOKEN,
      IDFLOW_SECRET_KEY: CHILD_SECRET_KEY,
      IDFLOW_EDITOR_DIR: path.join(opts.dir, 'no-editor'),
      IDFLOW_LOG_LEVEL: 'info',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /idflow runtime on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      proc.stdout?.off('data', onData);
      resolve({
        url: m[1]!,
        dir: opts.dir,
        proc,
        stdout: () => out,
        stderr: () => err,
        exited,
        async kill(signal = 'SIGKILL') {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
          return exited;
        },
      });
    };
    proc.stdout?.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`runtime exited (${code}) before listening.\nstdout:\n${out}\nstderr:\n${err}`)),
    );
  });
}

/** Runs the runtime to completion (for start-up failures): exit code and output. */
export async function runRuntimeExpectingExit(
  opts: { dir: string; env?: Record<string, string> },
  timeoutMs = 30_000,
) {
  try {
    const rt = await Promise.race([
      spawnRuntime(opts),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    await rt.kill('SIGKILL');
    return { started: true as const, code: -1, output: rt.stdout() + rt.stderr() };
  } catch (err) {
    const message = (err as Error).message;
    const m = /runtime exited \((.+?)\)/.exec(message);
    return { started: false as const, code: m ? m[1] : 'timeout', output: message };
  }
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  json: any;
}

/** A keep-alive agent allowing many sockets (load tests). */
export const bigAgent = new Agent({ keepAlive: true, maxSockets: 2000 });

/** One HTTP request with node:http and a client timeout; rejects on timeout or a dropped connection. */
export function httpCall(
  url: string,
  opts: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs?: number;
    agent?: Agent;
  } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: opts.method ?? 'GET',
        headers: opts.headers,
        agent: opts.agent,
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`client timeout: ${opts.method ?? 'GET'} ${url}`)));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Admin API call against a runtime URL. */
export function adminApi(base: string, token = CHILD_ADMIN_TOKEN) {
  return (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) =>
    httpCall(`${base}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
}

/** Polls until `check` returns a truthy value; fails only after `timeoutMs` (no timing assertion). */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Spec = { id: string; type: string; config?: Record<string, unknown> } & Record<string, unknown>;

/** A linear flow JSON (not parsed): trigger, then each node in order. */
export function chainFlow(id: string, ...nodes: Spec[]) {
  return {
    schemaVersion: 1,
    id,
    name: `Flow ${id}`,
    nodes: nodes.map((n, i) => ({ position: { x: i * 280, y: 0 }, config: {}, ...n })),
    edges: nodes.slice(1).map((n, i) => ({ from: nodes[i]!.id, to: n.id })),
  };
}

/** Lists every run of a flow through the API, following cursors. */
export async function allRuns(base: string, flowId: string): Promise<Array<{ id: string; status: string }>> {
  const api = adminApi(base);
  const items: Array<{ id: string; status: string }> = [];
  let cursor: string | undefined;
  for (;;) {
    const q = `/api/v1/runs?flowId=${flowId}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await api('GET', q);
    if (res.status !== 200) throw new Error(`GET runs: ${res.status} ${res.text}`);
    items.push(...res.json.items);
    cursor = res.json.nextCursor;
    if (!cursor) return items;
  }
}
