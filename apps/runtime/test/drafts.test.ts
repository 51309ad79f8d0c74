/** Drafts: invalid but structurally sound flows are saved disabled, and can be neither enabled nor run until fixed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearFlow, manual, respond, setNode, startTestRuntime, type TestRuntime, webhook } from './helpers';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});

type Detail = { path: string; message: string; nodeId?: string; code?: string };
const paths = (details: Detail[]) => details.map((d) => d.path);

/** A webhook flow halfway drawn: `set` has a config of the wrong shape, a bad expression and a dangling edge. */
function halfDrawn(id: string, hookPath: string) {
  const f = linearFlow(
    id,
    webhook({ path: hookPath, respond: 'onCompletion' }),
    setNode('set', { got: '=trigger.body.(' }),
    respond(200, '=steps.set'),
  );
  f.edges.push({ from: 'set', to: 'ghost' });
  return f;
}

function fixed(id: string, hookPath: string) {
  return linearFlow(
    id,
    webhook({ path: hookPath, respond: 'onCompletion' }),
    setNode('set', { got: '=trigger.body.name' }),
    respond(200, '=steps.set'),
  );
}

async function runsOf(flowId: string): Promise<unknown[]> {
  return (await rt.api('GET', `/api/v1/runs?flowId=${flowId}`)).json.items;
}

describe('draft flows', () => {
  it('saves an invalid flow as a disabled draft and reports its problems with paths', async () => {
    const res = await rt.api('POST', '/api/v1/flows', halfDrawn('draft-a', 'draft-a'));
    expect(res.status).toBe(201);
    expect(res.json.enabled).toBe(false);
    expect(res.json.valid).toBe(false);
    const problems = res.json.problems as Detail[];
    expect(paths(problems)).toEqual(
      expect.arrayContaining(['nodes[1].config.fields.got', expect.stringMatching(/^edges\[2\]/)]),
    );
    expect(problems.find((p) => p.path === 'nodes[1].config.fields.got')?.nodeId).toBe('set');

    const got = await rt.api('GET', '/api/v1/flows/draft-a');
    expect(got.status).toBe(200);
    expect(got.json.valid).toBe(false);
    expect(got.json.problems).toEqual(problems);
    expect(got.json.flow.edges).toContainEqual({ from: 'set', to: 'ghost' });

    const list = (await rt.api('GET', '/api/v1/flows')).json.items as Array<Record<string, unknown>>;
    const row = list.find((f) => f.id === 'draft-a');
    expect(row).toMatchObject({ valid: false, problemCount: problems.length, enabled: false });
  });

  it('saves an empty new flow (no trigger yet) and a PUT of a disabled flow as drafts', async () => {
    const empty = { schemaVersion: 1, id: 'draft-empty', name: 'Empty', nodes: [], edges: [] };
    const created = await rt.api('POST', '/api/v1/flows', empty);
    expect(created.status).toBe(201);
    const noTrigger = {
      ...empty,
      nodes: [{ id: 'a', type: 'transform.set', position: { x: 0, y: 0 }, config: { fields: {} } }],
    };
    const put = await rt.api('PUT', '/api/v1/flows/draft-empty', noTrigger, { 'if-match': '"1"' });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ version: 2, valid: false, enabled: false });
    expect(put.json.problems.map((p: Detail) => p.code)).toContain('no_trigger');
  });

  it('still refuses what is not structurally a flow, with paths', async () => {
    const badPosition = halfDrawn('draft-bad', 'draft-bad');
    (badPosition.nodes[1] as { position: unknown }).position = { x: 'left' };
    const res = await rt.api('POST', '/api/v1/flows', badPosition);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION');
    expect(paths(res.json.error.details)).toContain('nodes[1].position.x');

    const dup = halfDrawn('draft-dup', 'draft-dup');
    dup.nodes.push({ ...dup.nodes[1]! });
    const dupRes = await rt.api('POST', '/api/v1/flows', dup);
    expect(dupRes.status).toBe(400);
    expect(dupRes.json.error.details.map((d: Detail) => d.code)).toContain('duplicate_node_id');
    expect((await rt.api('GET', '/api/v1/flows/draft-bad')).status).toBe(404);
    expect((await rt.api('GET', '/api/v1/flows/draft-dup')).status).toBe(404);
  });

  it('refuses to enable a draft with the problems as details', async () => {
    const res = await rt.api('POST', '/api/v1/flows/draft-a/enable');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('FLOW_INVALID');
    expect(paths(res.json.error.details)).toContain('nodes[1].config.fields.got');
    expect((await rt.api('GET', '/api/v1/flows/draft-a')).json.enabled).toBe(false);
  });

  it('refuses manual runs and dry runs of a draft with 400 FLOW_INVALID, creating no run', async () => {
    for (const body of [{}, { wait: true }, { dryRun: true }]) {
      const res = await rt.api('POST', '/api/v1/flows/draft-a/runs', body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('FLOW_INVALID');
      expect(res.json.error.details.length).toBeGreaterThan(0);
    }
    expect(await runsOf('draft-a')).toEqual([]);
  });

  it("does not serve a draft's webhook path", async () => {
    const secret = (await rt.api('POST', '/api/v1/flows/draft-a/webhook/secret', {})).json.secret;
    expect(typeof secret).toBe('string');
    const res = await fetch(`${rt.url}/hooks/draft-a`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(res.status).toBe(404);
    expect(await runsOf('draft-a')).toEqual([]);
  });

  it('exports a draft as canonical JSON', async () => {
    const res = await rt.api('GET', '/api/v1/flows/draft-a/export');
    expect(res.status).toBe(200);
    expect(res.text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(res.text).edges).toContainEqual({ from: 'set', to: 'ghost' });
  });

  it('refuses an invalid version of an enabled flow and writes nothing', async () => {
    expect((await rt.api('POST', '/api/v1/flows', fixed('live', 'live'))).status).toBe(201);
    expect((await rt.api('POST', '/api/v1/flows/live/enable')).status).toBe(200);
    const before = await rt.api('GET', '/api/v1/flows/live');
    const res = await rt.api('PUT', '/api/v1/flows/live', halfDrawn('live', 'live'), { 'if-match': '"1"' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('FLOW_INVALID');
    expect(res.json.error.enabled).toBe(true);
    expect(paths(res.json.error.details)).toContain('nodes[1].config.fields.got');
    const after = await rt.api('GET', '/api/v1/flows/live');
    expect(after.json).toEqual(before.json);
    expect((await rt.api('GET', '/api/v1/flows/live/versions')).json.items).toHaveLength(1);

    // Disabled first, the same body is saved as a draft (what the editor's "disable and save as draft" does).
    expect((await rt.api('POST', '/api/v1/flows/live/disable')).status).toBe(200);
    const draft = await rt.api('PUT', '/api/v1/flows/live', halfDrawn('live', 'live'), { 'if-match': '"1"' });
    expect(draft.status).toBe(200);
    expect(draft.json).toMatchObject({ version: 2, valid: false, enabled: false });
  });

  it('refuses an import with an invalid flow and writes nothing', async () => {
    const before = (await rt.api('GET', '/api/v1/flows')).text;
    const res = await rt.api('POST', '/api/v1/flows/import', {
      flows: [fixed('import-ok', 'import-ok'), halfDrawn('import-draft', 'import-draft')],
      enable: false,
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION');
    expect(paths(res.json.error.details)).toContain('flows[1].nodes[1].config.fields.got');
    expect((await rt.api('GET', '/api/v1/flows/import-ok')).status).toBe(404);
    expect((await rt.api('GET', '/api/v1/flows/import-draft')).status).toBe(404);
    expect((await rt.api('GET', '/api/v1/flows')).text).toBe(before);
  });

  it('a fixed draft can be enabled, run by hand and by webhook', async () => {
    const current = await rt.api('GET', '/api/v1/flows/draft-a');
    const put = await rt.api('PUT', '/api/v1/flows/draft-a', fixed('draft-a', 'draft-a'), {
      'if-match': `"${current.json.version}"`,
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ valid: true, problems: [] });
    const row = (await rt.api('GET', '/api/v1/flows')).json.items.find(
      (f: { id: string }) => f.id === 'draft-a',
    );
    expect(row).toMatchObject({ valid: true, problemCount: 0 });
    expect((await rt.api('POST', '/api/v1/flows/draft-a/enable')).json.enabled).toBe(true);

    const run = await rt.api('POST', '/api/v1/flows/draft-a/runs', {
      input: { body: { name: 'Ada' } },
      wait: true,
    });
    expect(run.status).toBe(200);
    expect(run.json.run.status).toBe('succeeded');

    const secret = (await rt.api('POST', '/api/v1/flows/draft-a/webhook/secret', {})).json.secret;
    const hook = await fetch(`${rt.url}/hooks/draft-a`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: '{"name":"Grace"}',
    });
    expect(hook.status).toBe(200);
    expect(await hook.json()).toEqual({ got: 'Grace' });
  });

  it('reruns: the latest version refused while it is a draft, the version that ran still allowed', async () => {
    const f = linearFlow('rerun-draft', manual(), setNode('a', { x: 1 }));
    expect((await rt.api('POST', '/api/v1/flows', f)).status).toBe(201);
    const first = await rt.api('POST', '/api/v1/flows/rerun-draft/runs', { wait: true });
    expect(first.json.run.status).toBe('succeeded');
    const broken = linearFlow('rerun-draft', manual(), setNode('a', { x: '=(' }));
    expect((await rt.api('PUT', '/api/v1/flows/rerun-draft', broken, { 'if-match': '"1"' })).json.valid).toBe(
      false,
    );
    const runId = first.json.run.id;
    const latest = await rt.api('POST', `/api/v1/runs/${runId}/rerun`, { mode: 'latestVersion' });
    expect(latest.status).toBe(400);
    expect(latest.json.error.code).toBe('FLOW_INVALID');
    expect(latest.json.error.details[0].path).toBe('nodes[1].config.fields.x');
    const same = await rt.api('POST', `/api/v1/runs/${runId}/rerun`, { mode: 'sameVersion' });
    expect(same.status).toBe(202);
    expect(await runsOf('rerun-draft')).toHaveLength(2);
  });
});
