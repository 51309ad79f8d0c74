/** A SCIM connection with `options.search: 'post'`: flows look users up without putting PII in any URL. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linearFlow,
  manual,
  type RunningSandbox,
  startSandbox,
  startTestRuntime,
  type TestRuntime,
} from './helpers';

let rt: TestRuntime;
let sandbox: RunningSandbox;
let proxy: Server;
let proxyUrl: string;
/** Request lines (method and URL, query string included) as the sandbox's front proxy received them. */
const received: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ token: 'sandbox-token-123' });
  // A small real proxy, as a corporate one would be: it sees (and could log) every request line.
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      received.push(`${req.method} ${req.url}`);
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = await fetch(`${sandbox.origin}${req.url}`, {
        method: req.method,
        headers: {
          authorization: req.headers.authorization ?? '',
          'content-type': req.headers['content-type'] ?? 'application/scim+json',
        },
        body: body || undefined,
      });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/scim/v2`;
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
  await new Promise<void>((resolve) => {
    proxy.closeAllConnections();
    proxy.close(() => resolve());
  });
  await sandbox.close();
});

const connection = (options: Record<string, unknown>) => ({
  name: 'scim-post',
  kind: 'scim',
  baseUrl: proxyUrl,
  auth: { type: 'bearer', token: 'sandbox-token-123' },
  options,
});

describe("SCIM connection option search: 'post'", () => {
  it('is validated: only get or post', async () => {
    const res = await rt.api('POST', '/api/v1/connections', connection({ search: 'put' }));
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain('options.search');
  });

  it('runs scim.findUser through POST /Users/.search and finds the user', async () => {
    const saved = await rt.api(
      'POST',
      '/api/v1/connections',
      connection({ search: 'post', timeoutMs: 5000 }),
    );
    expect(saved.status).toBe(201);
    expect(saved.json.options).toEqual({ search: 'post', timeoutMs: 5000 });
    const flow = linearFlow('find-by-post', manual(), {
      id: 'find',
      type: 'scim.findUser',
      config: { connection: 'scim-post', userName: '=trigger.email' },
    });
    expect((await rt.api('POST', '/api/v1/flows', flow)).status).toBe(201);
    const res = await rt.api('POST', '/api/v1/flows/find-by-post/runs', {
      wait: true,
      input: { email: 'dave.patel@example.com' },
    });
    const run = res.json.run;
    expect(run.status).toBe('succeeded');
    const step = run.steps.find((s: { nodeId: string }) => s.nodeId === 'find');
    expect(step.output).toMatchObject({ found: true, user: { userName: 'dave.patel@example.com' } });
    expect(received).toContain('POST /scim/v2/Users/.search');
    for (const line of received) {
      expect(line).not.toContain('?');
      expect(decodeURIComponent(line)).not.toMatch(/dave|patel/i);
    }
  });

  it('the connection test lists users the way the connection searches (POST /.search)', async () => {
    received.length = 0;
    const res = await rt.api('POST', '/api/v1/connections/scim-post/test');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true });
    expect(received).toContain('POST /scim/v2/Users/.search');
    expect(received.filter((l) => l.startsWith('GET /scim/v2/Users'))).toEqual([]);
  });
});
