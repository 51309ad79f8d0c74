/** Starts a TypeScript script in its own Node process (tsx's loader passed on) and talks to it over IPC. */
import { type ChildProcess, spawn } from 'node:child_process';

export interface BenchChild<Ready> {
  ready: Ready;
  pid: number;
  /** Sends `{ type: 'stop' }`, waits for a clean exit (so `--cpu-prof` can write its profile), else kills. */
  stop(timeoutMs?: number): Promise<void>;
  /** Sends a message and resolves with the child's reply (matched by id). */
  request<T>(message: Record<string, unknown>, timeoutMs?: number): Promise<T>;
}

export interface SpawnOptions {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']. */
  nodeFlags?: string[];
  /** Child stdout/stderr: 'ignore' (default) or 'inherit'. */
  output?: 'ignore' | 'inherit';
  startTimeoutMs?: number;
}

interface Message {
  type: string;
  id?: number;
  [k: string]: unknown;
}

/**
 * Node flags that load TypeScript in a child: under `npx tsx` the loader is in execArgv; under vitest it is not, so
 * name it (a root devDependency).
 */
export function tsxExecArgv(): string[] {
  return process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : ['--import', 'tsx'];
}

/** The child must `process.send({ type: 'ready', ... })` once it serves, and exit on `{ type: 'stop' }`. */
export async function spawnBenchChild<Ready extends Record<string, unknown>>(
  script: string,
  opts: SpawnOptions = {},
): Promise<BenchChild<Ready>> {
  const out = opts.output ?? 'ignore';
  const loader = tsxExecArgv();
  const child: ChildProcess = spawn(
    process.execPath,
    [...(opts.nodeFlags ?? []), ...loader, script, ...(opts.args ?? [])],
    { stdio: ['ignore', out, 'inherit', 'ipc'], env: { ...process.env, ...opts.env } },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pending = new Map<number, (m: Message) => void>();
  let nextId = 1;
  child.on('message', (m: Message) => {
    if (m.id !== undefined) pending.get(m.id)?.(m);
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not become ready in time`));
    }, opts.startTimeoutMs ?? 60_000);
    child.on('message', (m: Message) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m as unknown as Ready);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
  });
  return {
    ready,
    pid: child.pid ?? -1,
    request<T>(message: Record<string, unknown>, timeoutMs = 60_000) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${script}: no answer to ${String(message.type)}`));
        }, timeoutMs);
        pending.set(id, (m) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(m as T);
        });
        child.send({ ...message, id });
      });
    },
    async stop(timeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Child side: answer requests with `handler`, exit cleanly on stop (after `onStop`). */
export function serveParent(
  handler: (m: Message) => Promise<Record<string, unknown>> | Record<string, unknown>,
  onStop: () => Promise<void>,
): void {
  process.on('message', (m: Message) => {
    if (m.type === 'stop') {
      onStop().then(
        () => process.exit(0),
        (err) => {
          console.error(err);
          process.exit(1);
        },
      );
      return;
    }
    Promise.resolve(handler(m)).then(
      (reply) => process.send?.({ ...reply, type: 'reply', id: m.id }),
      (err: unknown) => process.send?.({ type: 'reply', id: m.id, error: String(err) }),
    );
  });
  // Without a parent (it died), leave too.
  process.on('disconnect', () => process.exit(0));
}
