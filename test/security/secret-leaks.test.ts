/** Connection secrets never appear in API responses, exports, logs, SSE events, run records or data files, even when mapped out on purpose. */
import { readdir, readFile, rm } from 'node:fs/promises';
import { get } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DelayServer, startDelayServer } from '../support/delay-server';
import { INPROC_ADMIN_TOKEN, type InProcRuntime, startInProc } from '../support/runtime-inproc';
import { chainFlow, type HttpAnswer, httpCall, waitFor } from '../support/runtime-process';

const BEARER = 'sec-bearer-7f3a9c1e5b2d4f60';
const FROM_ENV = 'sec-env-token-0a1b2c3d4e5f6071';
const API_KEY = 'sec-apikey-99aa88bb77cc66dd';
const PASSWORD = 'sec-password-1234abcd5678efgh';
const USER = 'svc-user';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const FORBIDDEN = { BEARER, FROM_ENV, API_KEY, PASSWORD, BASIC, ADMIN_TOKEN: INPROC_ADMIN_TOKEN };

let rt: InProcRuntime;
let echo: DelayServer;
let sse = '';
let closeSse: () => void = () => {};

beforeAll(async () => {
  echo = await startDelayServer(0);
  rt = await startInProc({}, { ...process.env, IDFLOW_SEC_TEST_TOKEN: FROM_ENV });
  await new Promise<void>((resolve, reject) => {
    const req = get(`${rt.url}/api/v1/events?token=${INPROC_ADMIN_TOKEN}`, (res) => {
      res.on('data', (c: Buffer) => {
        sse += c.toString();
      });
      resolve();
    });
    req.on('error', reject);
    closeSse = () => req.destroy();
  });
});
afterAll(async () => {
  closeSse();
  await rt?.close().catch(() => undefined);
  await rm(rt?.dir ?? '/nonexistent', { recursive: true, force: true });
  await echo?.close();
});

const conn = (name: string, auth: Record<string, unknown>) => ({
  name,
  kind: 'http',
  baseUrl: echo.url,
  auth,
});
const call = (id: string, connection: string) => ({
  id,
  type: 'http.request',
  config: { method: 'POST', url: `/${id}`, connection, body: { copy: `=steps` } },
});
const leakFields = {
  bearer: '=steps.c1.body.headers.authorization',
  bearerRaw: '=$substringAfter(steps.c1.body.headers.authorization, "Bearer ")',
  env: '=$substringAfter(steps.c2.body.headers.authorization, "Bearer ")',
  apiKey: '=steps.c3.body.headers."x-api-key"',
  basic: '=steps.c4.body.headers.authorization',
  basicRaw: '=$substringAfter(steps.c4.body.headers.authorization, "Basic ")',
  decoded: '=$base64decode($substringAfter(steps.c4.body.headers.authorization, "Basic "))',
  allHeaders: '=steps.c4.body.headers',
  requestBody: '=steps.c4.body.body',
};
const nodes = (trigger: Record<string, unknown>) => [
  trigger,
  call('c1', 'bearer'),
  call('c2', 'from-env'),
  call('c3', 'api-key'),
  call('c4', 'basic'),
  { id: 'leak', type: 'transform.set', config: { fields: leakFields } },
  { id: 'reply', type: 'flow.respond', config: { status: 200, body: '=steps.leak' } },
];

describe('connection secrets stay secret', () => {
  it('are redacted everywhere the runtime writes or answers', async () => {
    const answers: string[] = [];
    const keep = async (p: Promise<HttpAnswer>, status = 200) => {
      const res = await p;
      expect(res.status, res.text.slice(0, 300)).toBe(status);
      answers.push(res.text);
      return res;
    };
    await keep(rt.api('POST', '/api/v1/connections', conn('bearer', { type: 'bearer', token: BEARER })), 201);
    await keep(
      rt.api(
        'POST',
        '/api/v1/connections',
        conn('from-env', { type: 'bearer', token: 'env:IDFLOW_SEC_TEST_TOKEN' }),
      ),
      201,
    );
    await keep(
      rt.api(
        'POST',
        '/api/v1/connections',
        conn('api-key', { type: 'apiKey', header: 'X-Api-Key', value: API_KEY }),
      ),
      201,
    );
    await keep(
      rt.api(
        'POST',
        '/api/v1/connections',
        conn('basic', { type: 'basic', username: USER, password: PASSWORD }),
      ),
      201,
    );

    await keep(
      rt.api(
        'POST',
        '/api/v1/flows',
        chainFlow('leaky', ...(nodes({ id: 'start', type: 'trigger.manual', config: {} }) as never[])),
      ),
      201,
    );
    const hookFlow = chainFlow(
      'leaky-hook',
      ...(nodes({
        id: 'hook',
        type: 'trigger.webhook',
        config: { path: 'leaky-hook', respond: 'onCompletion' },
      }) as never[]),
    );
    await keep(rt.api('POST', '/api/v1/flows', hookFlow), 201);
    await keep(rt.api('POST', '/api/v1/flows/leaky-hook/enable'));
    const hookSecret = (await rt.api('POST', '/api/v1/flows/leaky-hook/webhook/secret', {})).json
      .secret as string;

    // Run it every way there is.
    const waited = await keep(rt.api('POST', '/api/v1/flows/leaky/runs', { wait: true, input: { a: 1 } }));
    const runId = waited.json.run.id as string;
    expect(waited.json.run.status).toBe('succeeded');
    await keep(rt.api('POST', '/api/v1/flows/leaky/runs', { dryRun: true }));
    const hook = await httpCall(`${rt.url}/hooks/leaky-hook`, {
      method: 'POST',
      body: '{"x":1}',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hookSecret}` },
    });
    expect(hook.status).toBe(200);
    answers.push(hook.text, JSON.stringify(hook.headers));
    const rerun = await keep(rt.api('POST', `/api/v1/runs/${runId}/rerun`, { mode: 'sameVersion' }), 202);
    const rerunId = rerun.json.runId as string;
    await waitFor(
      async () => (await rt.runtime.context.runs.wait(rerunId, 10_000))?.status === 'succeeded',
      15_000,
    );

    // Positive control: the upstream really got every secret, so there was something to leak.
    const sent = JSON.stringify(echo.seen.map((s) => s.headers));
    for (const s of [BEARER, FROM_ENV, API_KEY, BASIC]) expect(sent).toContain(s);

    // Read back everything an admin can see.
    for (const p of [
      '/api/v1/connections',
      '/api/v1/connections/bearer',
      '/api/v1/connections/from-env',
      '/api/v1/connections/api-key',
      '/api/v1/connections/basic',
      `/api/v1/runs/${runId}`,
      `/api/v1/runs/${rerunId}`,
      '/api/v1/runs?limit=100',
      '/api/v1/runs?q=sec',
      '/api/v1/flows/leaky',
      '/api/v1/flows/leaky/export',
      '/api/v1/flows/leaky/versions',
      '/api/v1/flows',
      '/metrics',
    ]) {
      await keep(rt.api('GET', p));
    }
    for (const name of ['bearer', 'from-env', 'api-key', 'basic'])
      answers.push((await rt.api('POST', `/api/v1/connections/${name}/test`, {})).text);
    const hookRun = (await rt.api('GET', '/api/v1/runs?flowId=leaky-hook')).json.items[0].id as string;
    answers.push((await rt.api('GET', `/api/v1/runs/${hookRun}`)).text);

    await waitFor(
      async () => (sse.match(/event: run\.finished/g)?.length ?? 0) >= 3,
      10_000,
      'SSE run.finished events',
    );
    const sseText = sse;
    await rt.close();
    const files: string[] = [];
    for (const entry of await readdir(rt.dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) files.push(await readFile(path.join(entry.parentPath, entry.name), 'latin1'));
    }
    const places: Record<string, string> = {
      'API responses': answers.join('\n'),
      'SSE stream': sseText,
      'log lines': rt.logs.join(''),
      'data files': files.join('\n'),
    };
    // The run record shows the flow did try: the leak fields exist, redacted.
    const run = JSON.parse(answers.find((a) => a.includes('"bearerRaw"')) ?? '{}');
    expect(JSON.stringify(run)).toMatch(/bearerRaw/);
    expect(places['log lines']!.length).toBeGreaterThan(0);
    expect(sseText).toContain('step.finished');
    const leaks: string[] = [];
    for (const [where, text] of Object.entries(places)) {
      for (const [name, secret] of Object.entries(FORBIDDEN))
        if (text.includes(secret)) leaks.push(`${name} in ${where}`);
    }
    expect(leaks).toEqual([]);
  }, 60_000);
});
