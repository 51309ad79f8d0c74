/** Hostile API input: fast-check flows and connections, huge/deep/__proto__ bodies, bad webhook bodies, path traversal. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcRuntime, startInProc } from '../support/runtime-inproc';
import { chainFlow, type HttpAnswer, httpCall } from '../support/runtime-process';

let rt: InProcRuntime;
let hookSecret = '';

const baseFlow = (id = 'hostile-base') =>
  chainFlow(
    id,
    { id: 'hook', type: 'trigger.webhook', config: { path: id, respond: 'accepted' } },
    { id: 'set', type: 'transform.set', config: { fields: { got: '=trigger.body' } } },
  );

const polluted = () => (({}) as Record<string, unknown>).polluted ?? ({} as Record<string, unknown>).evil;

async function snapshot() {
  const flows = (await rt.api('GET', '/api/v1/flows')).text;
  const connections = (await rt.api('GET', '/api/v1/connections')).text;
  const state = await readFile(path.join(rt.dir, 'state.json')).catch(() => Buffer.alloc(0));
  return { flows, connections, state: state.toString('base64') };
}

/** Every file under the data dir with its size (the run history and state included). */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    out.push(`${path.relative(dir, full)}:${entry.isFile() ? (await stat(full)).size : 'dir'}`);
  }
  return out.sort();
}

function expectRejected(res: HttpAnswer, label: string) {
  expect([400, 413], `${label}: ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
  if (res.status === 400) {
    const details = res.json?.error?.details as Array<{ path: unknown; message: unknown }> | undefined;
    expect(Array.isArray(details) && details.length > 0, `${label}: details ${res.text.slice(0, 300)}`).toBe(
      true,
    );
    for (const d of details ?? []) expect(typeof d.path, label).toBe('string');
  }
}

beforeAll(async () => {
  rt = await startInProc({ webhookMaxBody: '64kb' });
  expect((await rt.api('POST', '/api/v1/flows', baseFlow('existing'))).status).toBe(201);
  expect((await rt.api('POST', '/api/v1/flows/existing/enable')).status).toBe(200);
  hookSecret = (await rt.api('POST', '/api/v1/flows/existing/webhook/secret', {})).json.secret;
  const conn = {
    name: 'keep',
    kind: 'http',
    baseUrl: 'http://127.0.0.1:9',
    auth: { type: 'bearer', token: 'keep-token-123456' },
  };
  expect((await rt.api('POST', '/api/v1/connections', conn)).status).toBe(201);
});
afterAll(async () => {
  await rt?.stop();
});

// --- generators: each mutation alone makes the body invalid, so any combination must be refused ---
type Json = Record<string, unknown>;
type Mutation = (f: Json) => void;
const put = (target: Json, key: string, value: unknown): void => {
  target[key] = value;
};
const notSlug = fc.oneof(
  fc.constantFrom(
    '../etc',
    '..%2f',
    '%2e%2e%2f',
    'a\\b',
    '/abs',
    'UPPER',
    '',
    'a'.repeat(65),
    '-lead',
    'a b',
    '__proto__',
  ),
  fc.string().filter((s) => !/^[a-z0-9][a-z0-9-]{0,63}$/.test(s)),
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.double(),
);
const nodesOf = (f: Json) => f.nodes as Json[];
const deep = (n: number) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { d: v };
  return v;
};
const flowMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .anything()
    .filter((v) => v !== 1)
    .map(
      (v): Mutation =>
        (f) =>
          put(f, 'schemaVersion', v),
    ),
  fc.oneof(notSlug, wrongType).map(
    (v): Mutation =>
      (f) =>
        put(f, 'id', v),
  ),
  fc.oneof(wrongType, fc.constant(''), fc.constant('n'.repeat(201))).map(
    (v): Mutation =>
      (f) =>
        put(f, 'name', v),
  ),
  fc.oneof(fc.integer(), fc.string(), fc.object()).map(
    (v): Mutation =>
      (f) =>
        put(f, 'nodes', v),
  ),
  fc.oneof(wrongType, fc.string()).map(
    (v): Mutation =>
      (f) =>
        put(nodesOf(f)[1]!, 'position', v),
  ),
  fc.oneof(wrongType, fc.constantFrom('', 'nope', 'a.', '.b', 'x y.z')).map(
    (v): Mutation =>
      (f) =>
        put(nodesOf(f)[0]!, 'type', v),
  ),
  fc
    .tuple(
      fc
        .string({ minLength: 1 })
        .filter(
          (k) =>
            !['$schema', 'schemaVersion', 'id', 'name', 'description', 'settings', 'nodes', 'edges'].includes(
              k,
            ),
        ),
      // Not undefined: JSON.stringify drops such a key, which would leave the flow valid (seed -242553970).
      fc.anything().filter((v) => v !== undefined),
    )
    .map(
      ([k, v]): Mutation =>
        (f) =>
          void Object.defineProperty(f, k, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          }),
    ),
  fc.constantFrom('constructor', 'prototype', 'polluted').map(
    (k): Mutation =>
      (f) =>
        put(nodesOf(f)[1]!, k, { polluted: true }),
  ),
  fc.constant<Mutation>((f) => void nodesOf(f).push(structuredClone(nodesOf(f)[1]!))),
  fc.constant<Mutation>(
    (f) => void Object.defineProperty(f, '__proto__', { value: { polluted: true }, enumerable: true }),
  ),
  fc.constant<Mutation>(
    (f) =>
      void Object.defineProperty(nodesOf(f)[1]!.config as Json, '__proto__', {
        value: { polluted: true },
        enumerable: true,
      }),
  ),
  fc.integer({ min: 70, max: 3000 }).map(
    (n): Mutation =>
      (f) =>
        put(nodesOf(f)[1]!.config as Json, 'fields', { deep: deep(n) }),
  ),
);
const hostileFlow = fc
  .tuple(fc.array(flowMutation, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([mutations, keepId]) => {
    const f = baseFlow(keepId ? 'existing' : 'hostile-new') as unknown as Json;
    for (const m of mutations) {
      try {
        m(f);
      } catch {
        // a mutation that no longer applies (nodes replaced by a number) leaves the body invalid anyway
      }
    }
    return JSON.stringify(f);
  });

describe('hostile flow bodies', () => {
  it('the unmutated base flow is valid (so rejections come from the mutations)', async () => {
    const res = await rt.api('POST', '/api/v1/flows/validate', baseFlow('hostile-new'));
    expect(res.json.ok).toBe(true);
  });

  it('POST and PUT /api/v1/flows answer 400 with paths; store unchanged; no pollution', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(hostileFlow, fc.constantFrom('POST', 'PUT'), async (body, method) => {
        const res =
          method === 'POST'
            ? await rt.api('POST', '/api/v1/flows', body)
            : await rt.api('PUT', '/api/v1/flows/existing', body, { 'if-match': '"1"' });
        expectRejected(res, `${method} ${body.slice(0, 200)}`);
        expect(polluted()).toBeUndefined();
      }),
      { numRuns: 200 },
    );
    expect((await rt.api('GET', '/healthz')).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('a 10 MB string gets 413; deep nesting, __proto__ keys, unknown fields and duplicate ids get 400', async () => {
    const before = await snapshot();
    const f = baseFlow('big') as unknown as Json;
    const big = JSON.stringify({ ...f, description: 'x'.repeat(10 * 1024 * 1024) });
    expect((await rt.api('POST', '/api/v1/flows', big)).status).toBe(413);
    expect((await rt.api('POST', '/api/v1/flows/import', `{"flows":[${big}]}`)).status).toBe(413);
    const cases: Record<string, string> = {
      deepArray: `{"schemaVersion":1,"id":"d","name":"d","nodes":${'['.repeat(20000)}${']'.repeat(20000)},"edges":[]}`,
      deepConfig: JSON.stringify(baseFlow('d2')).replace(
        '"fields":{',
        `"deep":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)},"fields":{`,
      ),
      protoTop: JSON.stringify(baseFlow('p1')).replace('{', '{"__proto__":{"polluted":true},'),
      protoConfig: JSON.stringify(baseFlow('p2')).replace(
        '"fields":{',
        '"fields":{"__proto__":{"polluted":true},',
      ),
      constructorTop: JSON.stringify(baseFlow('p3')).replace(
        '{',
        '{"constructor":{"prototype":{"polluted":true}},',
      ),
      unknown: JSON.stringify({ ...baseFlow('u1'), extra: 1 }),
      duplicateNode: JSON.stringify({
        ...baseFlow('dup'),
        nodes: [...baseFlow('dup').nodes, baseFlow('dup').nodes[1]],
      }),
      wrongTypes: JSON.stringify({ schemaVersion: '1', id: 7, name: [], nodes: {}, edges: 'x' }),
      importProto: `{"flows":[${JSON.stringify(baseFlow('p4')).replace('{', '{"__proto__":{"polluted":true},')}]}`,
    };
    for (const [label, body] of Object.entries(cases)) {
      const path = label.startsWith('import') ? '/api/v1/flows/import' : '/api/v1/flows';
      const res = await rt.api('POST', path, body);
      expect(res.status, `${label}: ${res.text.slice(0, 200)}`).toBe(400);
      expectRejected(res, label);
      expect(polluted(), label).toBeUndefined();
    }
    expect((await rt.api('GET', '/healthz')).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });
});

const connMutation: fc.Arbitrary<(c: Json) => void> = fc.oneof(
  fc.oneof(notSlug, wrongType).map((v) => (c: Json) => put(c, 'name', v)),
  fc.oneof(wrongType, fc.constantFrom('ldap', 'SCIM', '')).map((v) => (c: Json) => put(c, 'kind', v)),
  fc
    .oneof(
      wrongType,
      fc.constantFrom('file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'ftp://x.example', ''),
    )
    .map((v) => (c: Json) => put(c, 'baseUrl', v)),
  fc
    .oneof(wrongType, fc.string(), fc.constant({ type: 'magic' }), fc.constant({ type: 'bearer', token: 5 }))
    .map((v) => (c: Json) => put(c, 'auth', v)),
  fc.oneof(fc.integer(), fc.string(), fc.array(fc.integer())).map((v) => (c: Json) => put(c, 'options', v)),
  fc.constant(
    (c: Json) => void Object.defineProperty(c, '__proto__', { value: { polluted: true }, enumerable: true }),
  ),
  fc.constant(
    (c: Json) =>
      void Object.defineProperty(c.auth as Json, '__proto__', {
        value: { polluted: true },
        enumerable: true,
      }),
  ),
  fc.integer({ min: 70, max: 3000 }).map((n) => (c: Json) => put(c, 'options', { deep: deep(n) })),
);

describe('hostile connection bodies', () => {
  it('POST and PUT /api/v1/connections answer 400 with paths; store unchanged; no pollution', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.array(connMutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (mutations, put) => {
          const c: Json = {
            name: put ? 'keep' : 'hostile-conn',
            kind: 'http',
            baseUrl: 'http://127.0.0.1:9',
            auth: { type: 'bearer', token: 'hostile-token-123456' },
          };
          for (const m of mutations) {
            try {
              m(c);
            } catch {
              // auth replaced by a non-object: still invalid
            }
          }
          const body = JSON.stringify(c);
          const res = put
            ? await rt.api('PUT', '/api/v1/connections/keep', body)
            : await rt.api('POST', '/api/v1/connections', body);
          expectRejected(res, `${put ? 'PUT' : 'POST'} ${body.slice(0, 200)}`);
          expect(polluted()).toBeUndefined();
        },
      ),
      { numRuns: 150 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('unknown connection fields are never stored or echoed', async () => {
    const body = {
      name: 'extra-fields',
      kind: 'http',
      baseUrl: 'http://127.0.0.1:9',
      auth: { type: 'none', evil: 'x1' },
      evil: 'x2',
    };
    const res = await rt.api('POST', '/api/v1/connections', body);
    if (res.status === 201) {
      expect(res.text).not.toMatch(/evil|x1|x2/);
      const view = await rt.api('GET', '/api/v1/connections/extra-fields');
      expect(view.text).not.toMatch(/evil|"x1"|"x2"/);
      expect((await rt.api('DELETE', '/api/v1/connections/extra-fields')).status).toBe(204);
    } else expectRejected(res, 'unknown connection fields');
  });
});

describe('hostile webhook bodies', () => {
  const post = (body: string | Buffer, headers: Record<string, string>) =>
    httpCall(`${rt.url}/hooks/existing`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${hookSecret}`, ...headers },
    });
  const runCount = async () =>
    (await rt.api('GET', '/api/v1/runs?flowId=existing&limit=500')).json.items.length as number;

  it('malformed, oversized or unexpected content types are refused and run nothing', async () => {
    const before = await runCount();
    const cases: Array<[string, string | Buffer, Record<string, string>, number]> = [
      ['malformed JSON', '{"a":', { 'content-type': 'application/json' }, 400],
      ['JSON with a BOM and junk', '\ufeff{]', { 'content-type': 'application/json' }, 400],
      ['truncated +json', '{"a":[1,2', { 'content-type': 'application/scim+json' }, 400],
      [
        'oversized JSON',
        JSON.stringify({ a: 'x'.repeat(70 * 1024) }),
        { 'content-type': 'application/json' },
        413,
      ],
      ['oversized text', 'x'.repeat(200 * 1024), { 'content-type': 'text/plain' }, 413],
      ['xml', '<a>1</a>', { 'content-type': 'application/xml' }, 415],
      ['octet-stream', Buffer.from([0, 1, 2, 3]), { 'content-type': 'application/octet-stream' }, 415],
      ['multipart', '--x\r\n\r\n--x--', { 'content-type': 'multipart/form-data; boundary=x' }, 415],
      ['no content type', '{"a":1}', {}, 415],
    ];
    for (const [label, body, headers, status] of cases) {
      const res = await post(body, headers);
      expect(res.status, `${label}: ${res.text.slice(0, 200)}`).toBe(status);
    }
    // Wrong credentials with a fine body: refused too.
    const res = await httpCall(`${rt.url}/hooks/existing`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
    });
    expect(res.status).toBe(401);
    expect(await runCount()).toBe(before);
    // And the hook still works for a good request: the count can move.
    const ok = await post('{"ok":true}', { 'content-type': 'application/json' });
    expect(ok.status).toBe(202);
    expect(await runCount()).toBe(before + 1);
    expect((await rt.runtime.context.runs.wait(ok.json.runId, 10_000))?.status).toBe('succeeded');
  });
});

/**
 * A flow that is structurally sound but invalid is saved as a disabled draft (runtime design): then it must carry
 * the problem with its path, refuse to be enabled or run, and never answer a webhook. It is deleted afterwards.
 */
async function expectRefusedOrInertDraft(body: unknown, label: string, field: string) {
  const res = await rt.api('POST', '/api/v1/flows', body);
  if (res.status !== 201) return expectRejected(res, label);
  const id = res.json.flow.id as string;
  try {
    expect(res.json.enabled, label).toBe(false);
    expect(res.json.valid, label).toBe(false);
    expect(JSON.stringify(res.json.problems.map((p: { path: string }) => p.path)), label).toContain(field);
    expect((await rt.api('POST', `/api/v1/flows/${id}/enable`)).status, label).toBe(400);
    expect((await rt.api('POST', `/api/v1/flows/${id}/runs`, {})).status, label).toBe(400);
  } finally {
    expect((await rt.api('DELETE', `/api/v1/flows/${id}`)).status).toBe(204);
  }
}

describe('semantically invalid flows (drafts)', () => {
  it('dangling edges and cycles are kept only as inert disabled drafts', async () => {
    const dangling = baseFlow('draft-dangling');
    dangling.edges.push({ from: 'set', to: 'ghost' });
    await expectRefusedOrInertDraft(dangling, 'dangling edge', 'edges');
    const cycle = { ...baseFlow('draft-cycle') };
    cycle.nodes.push({
      id: 'more',
      type: 'transform.set',
      position: { x: 600, y: 0 },
      config: { fields: { x: 1 } },
    });
    cycle.edges.push({ from: 'set', to: 'more' }, { from: 'more', to: 'set' });
    await expectRefusedOrInertDraft(cycle, 'cycle', 'nodes');
  });
});

describe('path traversal in ids, webhook paths and connection names', () => {
  const evil = [
    '..%2f..%2fstate.json',
    '%2e%2e%2f%2e%2e%2fevil',
    '..%2fevil',
    '..%5c..%5cevil',
    '%2fetc%2fpasswd',
    '%2e%2e',
    '..',
    'evil%00.json',
    'EVIL',
    encodeURIComponent(path.join(tmpdir(), 'evil')),
    'state.json',
  ];

  it('routes answer 400/404 for every traversal id and nothing on disk changes', async () => {
    const before = await tree(rt.dir);
    const snap = await snapshot();
    const hookSnap = (await rt.api('GET', '/api/v1/runs?limit=500')).json.items.length;
    for (const id of evil) {
      const checks: Array<[string, string, unknown?]> = [
        ['GET', `/api/v1/flows/${id}`],
        ['PUT', `/api/v1/flows/${id}`, baseFlow('x')],
        ['DELETE', `/api/v1/flows/${id}`],
        ['GET', `/api/v1/flows/${id}/export`],
        ['GET', `/api/v1/flows/${id}/versions`],
        ['POST', `/api/v1/flows/${id}/enable`],
        ['POST', `/api/v1/flows/${id}/runs`, {}],
        ['POST', `/api/v1/flows/${id}/webhook/secret`, {}],
        ['GET', `/api/v1/connections/${id}`],
        [
          'PUT',
          `/api/v1/connections/${id}`,
          { name: id, kind: 'http', baseUrl: 'http://a.example', auth: { type: 'none' } },
        ],
        ['DELETE', `/api/v1/connections/${id}`],
        ['POST', `/api/v1/connections/${id}/test`, {}],
        ['GET', `/api/v1/runs/${id}`],
      ];
      for (const [method, p, body] of checks) {
        const res = await rt.api(method, p, body, { 'if-match': '"1"' });
        expect([400, 404], `${method} ${p}: ${res.status}`).toContain(res.status);
      }
      const hook = await httpCall(`${rt.url}/hooks/${id}`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${hookSecret}` },
      });
      expect([400, 404], `hook ${id}`).toContain(hook.status);
    }
    // Bodies naming a traversal id or connection are refused; a traversal webhook path or node connection can at most be an inert draft.
    for (const raw of ['../evil', '..\\evil', '/etc/evil', '%2e%2e%2fevil', 'a/../../evil']) {
      const flowId = { ...baseFlow('ok-id'), id: raw };
      expectRejected(await rt.api('POST', '/api/v1/flows', flowId), `flow id ${raw}`);
      const hookPath = baseFlow('ok-id2');
      (hookPath.nodes[0]!.config as Json).path = raw;
      await expectRefusedOrInertDraft(hookPath, `webhook path ${raw}`, 'path');
      const conn = { name: raw, kind: 'http', baseUrl: 'http://a.example', auth: { type: 'none' } };
      expectRejected(await rt.api('POST', '/api/v1/connections', conn), `connection name ${raw}`);
      const flowConn = chainFlow(
        'ok-id3',
        { id: 'start', type: 'trigger.manual', config: {} },
        { id: 'call', type: 'http.request', config: { url: '/x', connection: raw } },
      );
      await expectRefusedOrInertDraft(flowConn, `node connection ${raw}`, 'connection');
    }
    // Drafts were saved and deleted above, so compare file names (no new file anywhere) and the API view.
    const names = (list: string[]) => list.map((e) => e.replace(/:\d+$/, ''));
    expect(names(await tree(rt.dir))).toEqual(names(before));
    const now = await snapshot();
    expect({ flows: now.flows, connections: now.connections }).toEqual({
      flows: snap.flows,
      connections: snap.connections,
    });
    expect((await rt.api('GET', '/api/v1/runs?limit=500')).json.items.length).toBe(hookSnap);
    const outside = (await readdir(path.dirname(rt.dir))).filter((n) => n.toLowerCase().includes('evil'));
    expect(outside).toEqual([]);
  });
});
