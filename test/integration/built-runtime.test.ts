/**
 * The production build (`npm start` runs apps/runtime/dist, not tsx): built by scripts/build.mjs, started as a real
 * process with plain node, it serves the admin API and runs a webhook flow; queue-mode and PostgreSQL code stay
 * out of a single-process start.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearFlow, respond, webhook } from '../../apps/runtime/test/helpers';
import {
  buildRuntime,
  CHILD_ADMIN_TOKEN,
  type RuntimeChild,
  spawnRuntime,
  tempDir,
} from '../support/runtime-process';

let built: ReturnType<typeof buildRuntime>;
let rt: RuntimeChild;

const api = async (method: string, route: string, body?: unknown) => {
  const res = await fetch(`${rt.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${CHILD_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

/** Static imports of a built module and of the chunks it imports, transitively: the packages it loads at start. */
async function packagesLoadedAtStart(entry: string): Promise<Set<string>> {
  const dist = path.dirname(built.main);
  const packages = new Set<string>();
  const seen = new Set<string>();
  const walk = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = await readFile(path.join(dist, file), 'utf8');
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
  built = buildRuntime('test');
  rt = await spawnRuntime({ dir: await tempDir(), entry: built.main, env: { IDFLOW_LOG_LEVEL: 'warn' } });
}, 60_000);

afterAll(async () => {
  await rt?.kill('SIGTERM');
  if (rt) await rm(rt.dir, { recursive: true, force: true });
  await built?.remove();
});

describe('the built runtime (what npm start runs)', () => {
  it('asks for the admin token and reports healthy', async () => {
    expect((await fetch(`${rt.url}/api/v1/flows`)).status).toBe(401);
    expect((await fetch(`${rt.url}/healthz`)).status).toBe(200);
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
    const res = await fetch(`${rt.url}/hooks/built-hook`, {
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
