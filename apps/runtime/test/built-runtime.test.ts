/**
 * The production build (`npm start` runs apps/runtime/dist, not tsx): built by scripts/build.mjs, started as a real
 * process with plain node, it serves the admin API and runs a webhook flow; queue-mode and PostgreSQL code stay
 * out of a single-process start.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, linearFlow, makeDataDir, respond, webhook } from './helpers';

const RUNTIME_DIR = fileURLToPath(new URL('..', import.meta.url));
// Its own build folder beside dist/ (same depth): never the dist/ an `npm start` in this checkout runs from.
const OUT = `dist-test-${process.pid}`;
const DIST = path.join(RUNTIME_DIR, OUT);

let child: ChildProcess;
let url: string;
let dataDir: string;
let stderr = '';

const api = async (method: string, route: string, body?: unknown) => {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

/** Static imports of a built module and of the chunks it imports, transitively: the packages it loads at start. */
async function packagesLoadedAtStart(entry: string): Promise<Set<string>> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const walk = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = await readFile(path.join(DIST, file), 'utf8');
    for (const m of source.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gms)) {
      const target = (m[1] ?? m[2])!;
      if (target.startsWith('./')) await walk(target.slice(2));
      else packages.add(target);
    }
  };
  await walk(entry);
  return packages;
}

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--out', OUT], { cwd: RUNTIME_DIR, stdio: 'pipe' });
  dataDir = await makeDataDir();
  child = spawn(process.execPath, ['--enable-source-maps', path.join(DIST, 'main.mjs')], {
    env: {
      PATH: process.env.PATH,
      IDFLOW_DATA_DIR: dataDir,
      IDFLOW_PORT: '0',
      IDFLOW_HOST: '127.0.0.1',
      IDFLOW_ADMIN_TOKEN: ADMIN_TOKEN,
      IDFLOW_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /idflow runtime on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}${stderr}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  await rm(dataDir, { recursive: true, force: true });
  await rm(DIST, { recursive: true, force: true });
});

describe('the built runtime (what npm start runs)', () => {
  it('asks for the admin token and reports healthy', async () => {
    expect((await fetch(`${url}/api/v1/flows`)).status).toBe(401);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('runs a webhook flow and answers with flow.respond', async () => {
    const flow = linearFlow(
      'built-hook',
      webhook({ path: 'built-hook', respond: 'onCompletion' }),
      respond(201, { hello: '=trigger.body.name' }),
    );
    expect((await api('POST', '/api/v1/flows', flow)).status).toBe(201);
    expect((await api('POST', '/api/v1/flows/built-hook/enable')).status).toBe(200);
    const { json } = await api('POST', '/api/v1/flows/built-hook/webhook/secret', {});
    const res = await fetch(`${url}/hooks/built-hook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${String(json.secret)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ hello: 'Ada' });
    const runs = await api('GET', '/api/v1/runs?flowId=built-hook');
    expect(runs.json.items).toMatchObject([{ flowId: 'built-hook', status: 'succeeded' }]);
  });

  it('loads neither BullMQ, ioredis nor pg when it runs single-process on files', async () => {
    for (const entry of ['main.mjs', 'start-product.mjs']) {
      const loaded = await packagesLoadedAtStart(entry);
      expect(loaded.has('express')).toBe(true);
      for (const lazy of ['bullmq', 'ioredis', 'pg'])
        expect(loaded.has(lazy), `${entry} → ${lazy}`).toBe(false);
    }
  });
});
