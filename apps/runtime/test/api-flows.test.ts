import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearFlow, manual, setNode, startTestRuntime, type TestRuntime, webhook } from './helpers';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});

const flow = (id: string) => linearFlow(id, manual(), setNode('a', { x: 1 }));

describe('flows API', () => {
  it('reports validation errors with paths', async () => {
    const bad = flow('bad-flow');
    (bad.nodes[1] as { config: unknown }).config = { fields: 'not-an-object' };
    (bad as { name: unknown }).name = 42;
    const res = await rt.api('POST', '/api/v1/flows', bad);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION');
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('name');
    expect(paths.some((p: string) => p.startsWith('nodes[1].config.fields'))).toBe(true);
    expect((await rt.api('GET', '/api/v1/flows/bad-flow')).status).toBe(404);
  });

  it('reports body validation errors on other routes with paths', async () => {
    const res = await rt.api('POST', '/api/v1/connections', {
      name: 'Bad Name',
      kind: 'ldap',
      baseUrl: 'nope',
      auth: { type: 'bearer' },
    });
    expect(res.status).toBe(400);
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'kind', 'baseUrl']));
  });

  it('refuses unknown connection fields, naming their path (a typo is not silently dropped)', async () => {
    const res = await rt.api('POST', '/api/v1/connections', {
      name: 'typo',
      kind: 'http',
      baseUrl: 'http://127.0.0.1:9',
      auth: { type: 'bearer', tokne: 'secret-value-1234' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION');
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain('auth.tokne');
    expect(res.text).not.toContain('secret-value-1234');
    const top = await rt.api('POST', '/api/v1/connections', {
      name: 'typo',
      kind: 'http',
      baseUrl: 'http://127.0.0.1:9',
      auth: { type: 'none' },
      optoins: {},
    });
    expect(top.status).toBe(400);
    expect(top.json.error.details.map((d: { path: string }) => d.path)).toContain('optoins');
  });

  it('serves process metrics next to the runtime ones on /metrics', async () => {
    const res = await rt.api('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^process_resident_memory_bytes \d/m);
    expect(res.text).toContain('idflow_queue_depth');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await rt.api('POST', '/api/v1/flows', '{"id": ');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('MALFORMED_JSON');
  });

  it('creates, reads with ETag, updates with If-Match and refuses a stale version without writing', async () => {
    expect((await rt.api('POST', '/api/v1/flows', flow('versioned'))).status).toBe(201);
    expect((await rt.api('POST', '/api/v1/flows', flow('versioned'))).status).toBe(409);
    const got = await rt.api('GET', '/api/v1/flows/versioned');
    expect(got.headers.get('etag')).toBe('"1"');
    const v2 = { ...flow('versioned'), name: 'Second' };
    const put = await rt.api('PUT', '/api/v1/flows/versioned', v2, { 'if-match': '"1"' });
    expect(put.status).toBe(200);
    expect(put.json.version).toBe(2);
    const stale = await rt.api(
      'PUT',
      '/api/v1/flows/versioned',
      { ...v2, name: 'Third' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('VERSION_CONFLICT');
    expect(stale.json.error.currentVersion).toBe(2);
    const after = await rt.api('GET', '/api/v1/flows/versioned');
    expect(after.json.flow.name).toBe('Second');
    expect(after.json.version).toBe(2);
    const missing = await rt.api('PUT', '/api/v1/flows/versioned', v2);
    expect(missing.status).toBe(428);
    const versions = await rt.api('GET', '/api/v1/flows/versioned/versions');
    expect(versions.json.items.length).toBe(2);
    const first = versions.json.items.find((v: { version: number }) => v.version === 1);
    const old = await rt.api('GET', `/api/v1/flows/versioned/versions/${first.hash}`);
    expect(old.json.flow.name).toBe('Flow versioned');
  });

  it('never re-enables a flow disabled between a GET and a PUT with the right If-Match', async () => {
    const hooked = (name: string) => ({
      ...linearFlow('race-disable', webhook({ path: 'race-disable' }), setNode('a', { x: 1 })),
      name,
    });
    expect((await rt.api('POST', '/api/v1/flows', hooked('v1'))).status).toBe(201);
    // In sequence: GET, disable, PUT.
    expect((await rt.api('POST', '/api/v1/flows/race-disable/enable')).status).toBe(200);
    const got = await rt.api('GET', '/api/v1/flows/race-disable');
    expect((await rt.api('POST', '/api/v1/flows/race-disable/disable')).json.enabled).toBe(false);
    const put = await rt.api('PUT', '/api/v1/flows/race-disable', hooked('seq'), {
      'if-match': got.headers.get('etag')!,
    });
    expect(put.status).toBe(200);
    expect(put.json.enabled).toBe(false);
    // The disable landing while the PUT is in flight (between its read and its write) must hold as well.
    for (let i = 0; i < 25; i++) {
      expect((await rt.api('POST', '/api/v1/flows/race-disable/enable')).status).toBe(200);
      const before = await rt.api('GET', '/api/v1/flows/race-disable');
      const [saved, disabled] = await Promise.all([
        rt.api('PUT', '/api/v1/flows/race-disable', hooked(`round-${i}`), {
          'if-match': before.headers.get('etag')!,
        }),
        rt.api('POST', '/api/v1/flows/race-disable/disable'),
      ]);
      expect(saved.status).toBe(200);
      expect(disabled.json.enabled).toBe(false);
      expect((await rt.api('GET', '/api/v1/flows/race-disable')).json.enabled).toBe(false);
    }
  });

  it('exports canonical JSON that imports back unchanged', async () => {
    await rt.api('POST', '/api/v1/flows', flow('exported'));
    const res = await rt.api('GET', '/api/v1/flows/exported/export');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="exported.flow.json"');
    expect(res.text.endsWith('}\n')).toBe(true);
    const again = await rt.api('POST', '/api/v1/flows/import', { flows: [JSON.parse(res.text)] });
    expect(again.json).toEqual({ created: [], updated: [], unchanged: ['exported'] });
  });

  it('imports all or nothing, with details per file index', async () => {
    const bad = flow('import-b');
    (bad.nodes[0] as { type: string }).type = 'nope.missing';
    const res = await rt.api('POST', '/api/v1/flows/import', { flows: [flow('import-a'), bad] });
    expect(res.status).toBe(400);
    expect(res.json.error.details.some((d: { path: string }) => d.path.startsWith('flows[1].nodes[0]'))).toBe(
      true,
    );
    expect((await rt.api('GET', '/api/v1/flows/import-a')).status).toBe(404);
    const ok = await rt.api('POST', '/api/v1/flows/import', { flows: [flow('import-a'), flow('import-b')] });
    expect(ok.json.created).toEqual(['import-a', 'import-b']);
  });

  it('refuses a second enabled flow on the same webhook path, naming the other flow', async () => {
    const hook = (id: string) => linearFlow(id, webhook({ path: 'shared-path' }), setNode('a', { x: 1 }));
    await rt.api('POST', '/api/v1/flows', hook('hook-one'));
    expect((await rt.api('POST', '/api/v1/flows/hook-one/enable')).json).toEqual({ enabled: true });
    const res = await rt.api('POST', '/api/v1/flows', hook('hook-two'));
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain('hook-one');
    await rt.api('POST', '/api/v1/flows/hook-one/disable');
    expect((await rt.api('POST', '/api/v1/flows', hook('hook-two'))).status).toBe(201);
    expect((await rt.api('POST', '/api/v1/flows/hook-two/enable')).status).toBe(200);
    const clash = await rt.api('POST', '/api/v1/flows/hook-one/enable');
    expect(clash.status).toBe(409);
    expect(clash.json.error.message).toContain('hook-two');
  });

  it('lists flows with trigger and last run; deletes', async () => {
    await rt.api('POST', '/api/v1/flows', flow('listed'));
    await rt.api('POST', '/api/v1/flows/listed/runs', { wait: true });
    const list = await rt.api('GET', '/api/v1/flows');
    const item = list.json.items.find((f: { id: string }) => f.id === 'listed');
    expect(item.trigger).toEqual({ type: 'trigger.manual', kind: 'manual' });
    expect(item.lastRun.status).toBe('succeeded');
    expect((await rt.api('DELETE', '/api/v1/flows/listed')).status).toBe(204);
    expect((await rt.api('GET', '/api/v1/flows/listed')).status).toBe(404);
  });

  it('validates without saving', async () => {
    const res = await rt.api('POST', '/api/v1/flows/validate', {
      ...flow('v'),
      edges: [{ from: 'start', to: 'ghost' }],
    });
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(false);
    expect(res.json.errors[0].path).toMatch(/^edges\[0\]/);
  });

  it('serves the node catalog with JSON Schemas and dynamic ports', async () => {
    const res = await rt.api('GET', '/api/v1/node-types');
    const byType = new Map(res.json.items.map((t: { type: string }) => [t.type, t]));
    const hook = byType.get('trigger.webhook') as { configSchema: { properties: object }; outputs: unknown };
    expect(Object.keys(hook.configSchema.properties)).toContain('path');
    expect((byType.get('control.switch') as { outputs: unknown }).outputs).toBe('dynamic');
  });
});
