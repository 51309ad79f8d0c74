/** The runtime against the SCIM sandbox: a real flow from flows/, its webhook, the connection test and metrics. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningSandbox,
  startSandbox,
  startTestRuntime,
  type TestRuntime,
} from '../../../apps/runtime/test/helpers';

let rt: TestRuntime;
let sandbox: RunningSandbox;
const root = path.resolve(import.meta.dirname, '../../..');

beforeAll(async () => {
  sandbox = await startSandbox({ token: 'sandbox-test-token' });
  rt = await startTestRuntime();
  for (const conn of [
    { name: 'sandbox', kind: 'scim', baseUrl: sandbox.url },
    { name: 'hr-feed', kind: 'http', baseUrl: sandbox.origin },
  ]) {
    const res = await rt.api('POST', '/api/v1/connections', {
      ...conn,
      auth: { type: 'bearer', token: 'sandbox-test-token' },
    });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await rt.stop();
  await sandbox.close();
});

describe('runtime + SCIM sandbox', () => {
  it('tests the SCIM connection through ScimClient', async () => {
    const res = await rt.api('POST', '/api/v1/connections/sandbox/test');
    expect(res.json.ok).toBe(true);
    const bad = await rt.api('PUT', '/api/v1/connections/sandbox', {
      name: 'sandbox',
      kind: 'scim',
      baseUrl: sandbox.url,
      auth: { type: 'bearer', token: 'wrong-token' },
    });
    expect(bad.status).toBe(200);
    expect((await rt.api('POST', '/api/v1/connections/sandbox/test')).json.ok).toBe(false);
    await rt.api('PUT', '/api/v1/connections/sandbox', {
      name: 'sandbox',
      kind: 'scim',
      baseUrl: sandbox.url,
      auth: { type: 'bearer', token: 'sandbox-test-token' },
    });
  });

  it('runs onboard-new-hire from its webhook and counts SCIM calls in /metrics', async () => {
    const flow = JSON.parse(await readFile(path.join(root, 'flows/onboard-new-hire.flow.json'), 'utf8'));
    const test = JSON.parse(await readFile(path.join(root, 'flows/onboard-new-hire.test.json'), 'utf8'));
    expect(
      (await rt.api('POST', '/api/v1/flows/import', { flows: [flow], enable: true })).json.created,
    ).toEqual(['onboard-new-hire']);
    const { secret } = (await rt.api('POST', '/api/v1/flows/onboard-new-hire/webhook/secret', {})).json;
    const body = test.cases[0].trigger.data.body;
    const res = await fetch(`${rt.url}/hooks/new-hire`, {
      method: 'POST',
      headers: { 'x-idflow-token': secret, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    const answer = await res.json();
    expect(answer.userName).toBe(body.email);
    const users = await fetch(
      `${sandbox.url}/Users?filter=${encodeURIComponent(`userName eq "${body.email}"`)}`,
      {
        headers: { authorization: 'Bearer sandbox-test-token' },
      },
    );
    expect((await users.json()).totalResults).toBe(1);
    const metrics = await (await fetch(`${rt.url}/metrics`)).text();
    expect(metrics).toMatch(/idflow_scim_calls_total\{operation="users\.(list|search)",status="200"\} \d/);
    expect(metrics).toMatch(/idflow_runs_total\{flow="onboard-new-hire",status="succeeded"\} 1/);
    expect(metrics).toMatch(/idflow_webhook_requests_total\{status="201"\} 1/);
    expect(metrics).toMatch(/idflow_queue_depth 0/);
  });
});
