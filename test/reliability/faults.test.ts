/** Upstream faults through a fault-injecting proxy: http.request and SCIM nodes retry per policy, then fail clearly or take the error port. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../apps/scim-sandbox/src/index';
import {
  connectionsOf,
  fastRetry,
  flowOf,
  type NodeSpec,
  recordingClock,
  runManual,
  stepOf,
} from '../support/engine-kit';
import { type FaultProxy, type ProxyHit, startFaultProxy } from '../support/fault-proxy';

const TOKEN = 'fault-sandbox-token';
let sandbox: RunningSandbox;
let proxy: FaultProxy;

beforeAll(async () => {
  sandbox = await startSandbox({ token: TOKEN, port: 0 });
  proxy = await startFaultProxy(sandbox.origin);
});
afterAll(async () => {
  await proxy?.close();
  await sandbox?.close();
});
beforeEach(() => proxy.reset());

const usersPath = (r: { path: string }) => r.path.includes('/Users');
const onUsers = (hit: ProxyHit) => usersPath(hit);

describe('http.request through the fault proxy', () => {
  const usersUrl = () => `${proxy.url}/scim/v2/Users?count=1`;
  const call = (extra: Partial<NodeSpec> = {}, config: Record<string, unknown> = {}): NodeSpec => ({
    id: 'call',
    type: 'http.request',
    config: { method: 'GET', url: usersUrl(), headers: { authorization: `Bearer ${TOKEN}` }, ...config },
    retry: fastRetry(3),
    ...extra,
  });

  it('retries a 500 three times, then fails the run with HTTP_STATUS', async () => {
    proxy.plan({ fault: { kind: 'status', status: 500 } });
    const run = await runManual(flowOf('h500', [call()]), {});
    expect(proxy.count()).toBe(3);
    expect(run.status).toBe('failed');
    const step = stepOf(run, 'call');
    expect(step.attempts).toBe(3);
    expect(step.error?.code).toBe('HTTP_STATUS');
    expect(step.error?.message).toMatch(/500/);
    expect(run.error?.code).toBe('HTTP_STATUS');
    expect(run.error?.nodeId).toBe('call');
  });

  it('recovers when a 503 clears before the last attempt', async () => {
    proxy.plan({ times: 2, fault: { kind: 'status', status: 503 } });
    const run = await runManual(flowOf('h503', [call()]), {});
    expect(proxy.count()).toBe(3);
    expect(run.status).toBe('succeeded');
    const step = stepOf(run, 'call');
    expect(step.attempts).toBe(3);
    expect((step.output as { status: number }).status).toBe(200);
  });

  it('waits at least Retry-After after a 429, then succeeds', async () => {
    // Retry-After is honoured up to the policy's maxDelayMs (a longer one is refused), so allow 2 s here.
    proxy.plan({ times: 1, fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } });
    const clock = recordingClock();
    const run = await runManual(
      flowOf('h429', [call({ retry: { ...fastRetry(3), maxDelayMs: 2000 } })]),
      {},
      { clock },
    );
    expect(proxy.count()).toBe(2);
    expect(run.status).toBe('succeeded');
    // The backoff alone would be 5 ms; the executor must have asked to wait the upstream's second.
    expect(Math.max(...clock.sleeps)).toBeGreaterThanOrEqual(1000);
  });

  it('fails with HTTP_STATUS after the attempts when 429 persists, keeping retryAfter', async () => {
    proxy.plan({ fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } } });
    const run = await runManual(flowOf('h429b', [call({ retry: fastRetry(2) })]), {});
    expect(proxy.count()).toBe(2);
    expect(stepOf(run, 'call').error?.code).toBe('HTTP_STATUS');
    expect(stepOf(run, 'call').error?.message).toMatch(/429/);
  });

  it('times out a slow upstream with NODE_TIMEOUT on every attempt', async () => {
    proxy.plan({ fault: { kind: 'slow', ms: 5_000 } });
    const run = await runManual(flowOf('hslow', [call({}, { timeoutMs: 150 })]), {});
    expect(proxy.count()).toBe(3);
    expect(run.status).toBe('failed');
    expect(stepOf(run, 'call').error?.code).toBe('NODE_TIMEOUT');
    expect(stepOf(run, 'call').error?.message).toMatch(/150 ms/);
  });

  it('also times out through the node-level timeoutMs', async () => {
    proxy.plan({ fault: { kind: 'slow', ms: 5_000 } });
    const run = await runManual(flowOf('hslow2', [call({ timeoutMs: 150, retry: fastRetry(2) })]), {});
    expect(proxy.count()).toBe(2);
    expect(stepOf(run, 'call').error?.code).toBe('NODE_TIMEOUT');
  });

  it('reports a connection reset as NETWORK after retrying', async () => {
    proxy.plan({ fault: { kind: 'reset' } });
    const run = await runManual(flowOf('hreset', [call()]), {});
    expect(proxy.count()).toBe(3);
    expect(stepOf(run, 'call').error?.code).toBe('NETWORK');
    expect(run.error?.code).toBe('NETWORK');
  });

  it('does not retry a 404 (not in retryOn)', async () => {
    proxy.plan({ fault: { kind: 'status', status: 404 } });
    const run = await runManual(flowOf('h404', [call()]), {});
    expect(proxy.count()).toBe(1);
    expect(stepOf(run, 'call').error?.code).toBe('HTTP_STATUS');
  });

  it('keeps a mislabelled JSON body as text, and an HTML 502 in the error details', async () => {
    proxy.plan({ times: 1, fault: { kind: 'malformedJson' } });
    const ok = await runManual(flowOf('hbad', [call()]), {});
    expect(ok.status).toBe('succeeded');
    expect(typeof (stepOf(ok, 'call').output as { body: unknown }).body).toBe('string');

    proxy.reset();
    proxy.plan({ fault: { kind: 'html', status: 502 } });
    const bad = await runManual(flowOf('hhtml', [call()]), {});
    expect(proxy.count()).toBe(3);
    const err = stepOf(bad, 'call').error;
    expect(err?.code).toBe('HTTP_STATUS');
    expect(JSON.stringify(err?.details)).toMatch(/Bad Gateway/);
  });

  it('takes the error port after the last attempt and the run succeeds', async () => {
    proxy.plan({ fault: { kind: 'status', status: 503 } });
    const flow = flowOf(
      'herr',
      [
        call({ errorPort: true }),
        { id: 'ok', type: 'transform.set', config: { fields: { fine: true } } },
        { id: 'handled', type: 'transform.set', config: { fields: { code: '=steps.call.error.code' } } },
      ],
      [
        { from: 'start', to: 'call' },
        { from: 'call', to: 'ok' },
        { from: 'call', fromPort: 'error', to: 'handled' },
      ],
    );
    const run = await runManual(flow, {});
    expect(proxy.count()).toBe(3);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'call').status).toBe('failed');
    expect(stepOf(run, 'call').ports).toEqual(['error']);
    expect(stepOf(run, 'ok').status).toBe('skipped');
    expect(stepOf(run, 'handled').output).toEqual({ code: 'HTTP_STATUS' });
  });
});

describe('SCIM nodes through the fault proxy', () => {
  const conns = () =>
    connectionsOf([
      {
        name: 'sandbox',
        kind: 'scim',
        baseUrl: `${proxy.url}/scim/v2`,
        auth: { type: 'bearer', token: TOKEN },
        revision: `${proxy.url}-${Math.random()}`,
      },
    ]);
  const find = (extra: Partial<NodeSpec> = {}): NodeSpec => ({
    id: 'find',
    type: 'scim.findUser',
    config: { connection: 'sandbox', userName: 'nobody-here@example.com' },
    retry: fastRetry(3),
    ...extra,
  });
  const runScim = (nodes: NodeSpec[], edges?: Parameters<typeof flowOf>[2]) =>
    runManual(flowOf('scim-fault', nodes, edges), {}, { connections: conns() });

  it('retries 503 on /Users and succeeds on the third attempt', async () => {
    proxy.plan({ match: usersPath, times: 2, fault: { kind: 'status', status: 503 } });
    const run = await runScim([find()]);
    expect(proxy.count(onUsers)).toBe(3);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'find').attempts).toBe(3);
    expect((stepOf(run, 'find').output as { found: boolean }).found).toBe(false);
  });

  it('fails with HTTP_STATUS after 3 attempts of 500', async () => {
    proxy.plan({ match: usersPath, fault: { kind: 'status', status: 500 } });
    const run = await runScim([find()]);
    expect(proxy.count(onUsers)).toBe(3);
    expect(run.status).toBe('failed');
    expect(stepOf(run, 'find').error?.code).toBe('HTTP_STATUS');
    expect(stepOf(run, 'find').error?.message).toMatch(/500/);
  });

  it('honours Retry-After on a 429', async () => {
    proxy.plan({
      match: usersPath,
      times: 1,
      fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
    });
    const clock = recordingClock();
    // Retry-After is honoured up to the policy's maxDelayMs (a longer one is refused), so allow 2 s here.
    const retry = { ...fastRetry(3), maxDelayMs: 2000 };
    const run = await runManual(flowOf('scim-429', [find({ retry })]), {}, { connections: conns(), clock });
    expect(proxy.count(onUsers)).toBe(2);
    expect(run.status).toBe('succeeded');
    expect(Math.max(...clock.sleeps)).toBeGreaterThanOrEqual(1000);
  });

  it('maps a reset to NETWORK and a slow answer to NODE_TIMEOUT', async () => {
    proxy.plan({ match: usersPath, fault: { kind: 'reset' } });
    const reset = await runScim([find()]);
    expect(proxy.count(onUsers)).toBe(3);
    expect(stepOf(reset, 'find').error?.code).toBe('NETWORK');

    proxy.reset();
    proxy.plan({ match: usersPath, fault: { kind: 'slow', ms: 5_000 } });
    const slow = await runScim([find({ timeoutMs: 150, retry: fastRetry(2) })]);
    expect(proxy.count(onUsers)).toBe(2);
    expect(stepOf(slow, 'find').error?.code).toBe('NODE_TIMEOUT');
  });

  it('reports a malformed JSON or HTML 200 answer as SCIM_ERROR, without retrying', async () => {
    proxy.plan({ match: usersPath, fault: { kind: 'malformedJson' } });
    const bad = await runScim([find()]);
    expect(proxy.count(onUsers)).toBe(1);
    expect(stepOf(bad, 'find').error?.code).toBe('SCIM_ERROR');
    expect(stepOf(bad, 'find').error?.message).toMatch(/not JSON/);

    proxy.reset();
    proxy.plan({ match: usersPath, fault: { kind: 'html' } });
    const html = await runScim([find()]);
    expect(proxy.count(onUsers)).toBe(1);
    expect(stepOf(html, 'find').error?.code).toBe('SCIM_ERROR');
  });

  it('reports a SCIM 400 error body as SCIM_ERROR with scimType, without retrying', async () => {
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidFilter',
      detail: 'bad filter',
    });
    proxy.plan({ match: usersPath, fault: { kind: 'status', status: 400, body } });
    const run = await runScim([find()]);
    expect(proxy.count(onUsers)).toBe(1);
    const err = stepOf(run, 'find').error;
    expect(err?.code).toBe('SCIM_ERROR');
    expect(err?.details).toMatchObject({ status: 400, scimType: 'invalidFilter' });
  });

  it('takes the error port of scim.createUser after the retries', async () => {
    proxy.plan({ match: (r) => usersPath(r) && r.method === 'POST', fault: { kind: 'status', status: 503 } });
    const create: NodeSpec = {
      id: 'create',
      type: 'scim.createUser',
      config: { connection: 'sandbox', user: { userName: 'fault-create@example.com' } },
      retry: fastRetry(3),
      errorPort: true,
    };
    const run = await runScim(
      [
        create,
        { id: 'alert', type: 'transform.set', config: { fields: { failed: '=steps.create.error.code' } } },
      ],
      [
        { from: 'start', to: 'create' },
        { from: 'create', fromPort: 'error', to: 'alert' },
      ],
    );
    expect(proxy.count((h) => usersPath(h) && h.method === 'POST')).toBe(3);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'alert').output).toEqual({ failed: 'HTTP_STATUS' });
    expect(sandbox.store.listUsers().some((u) => u.userName === 'fault-create@example.com')).toBe(false);
  });
});
