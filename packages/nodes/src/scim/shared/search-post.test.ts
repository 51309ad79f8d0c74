/** Connections with `search: 'post'`: every lookup goes to `.search` with no filter value in a URL. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResolvedConnection } from '@idflow/engine';
import { type RunningSandbox, startSandbox } from 'scim-sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connections, flowOf, recordingFetch, run, step } from '../../../test/helpers';

let sandbox: RunningSandbox;
const recorder = recordingFetch();
beforeAll(async () => {
  sandbox = await startSandbox({ token: 'test-token', port: 0 });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.store.reset();
  recorder.requests.length = 0;
});

const conn = (options: Record<string, unknown>, extra: Partial<ResolvedConnection> = {}) =>
  connections([
    {
      name: 'sandbox',
      kind: 'scim',
      baseUrl: sandbox.url,
      auth: { type: 'bearer', token: 'test-token' },
      revision: sandbox.url,
      options,
      ...extra,
    },
  ]);

const runNode = (type: string, config: Record<string, unknown>, options: Record<string, unknown>) =>
  run(
    flowOf([{ id: 'n', type, config: { connection: 'sandbox', ...config } }]),
    {},
    {
      connections: conn(options),
      fetch: recorder.fetch,
    },
  );

const lists = () => recorder.requests.filter((r) => r.path.includes('.search') || r.path.includes('?'));

describe("search: 'post' connections", () => {
  it('scim.findUser finds by userName and email conditions through POST /Users/.search', async () => {
    const byName = await runNode(
      'scim.findUser',
      { userName: 'alice.johnson@example.com' },
      { search: 'post' },
    );
    expect(step(byName, 'n').output).toMatchObject({
      found: true,
      user: { userName: 'alice.johnson@example.com' },
    });
    const byEmail = await runNode(
      'scim.findUser',
      { email: 'carol.nguyen@example.com', where: [{ attribute: 'title', op: 'sw', value: 'Software' }] },
      { search: 'post' },
    );
    expect(step(byEmail, 'n').output).toMatchObject({
      found: true,
      user: { userName: 'carol.nguyen@example.com' },
    });
    expect(lists().length).toBeGreaterThanOrEqual(2);
    for (const r of recorder.requests) {
      expect(r.path).not.toContain('?');
      expect(r.path).not.toMatch(/alice|carol/i);
    }
    expect(lists().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /scim/v2/Users/.search',
      'POST /scim/v2/Users/.search',
    ]);
    expect(lists()[0]?.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName eq "alice.johnson@example.com"',
    });
  });

  it('scim.addToGroup looks up the group and the user by name through .search', async () => {
    const record = await runNode(
      'scim.addToGroup',
      { groupName: 'Engineering', userName: 'bob.smith@example.com' },
      { search: 'post' },
    );
    expect(step(record, 'n').output).toMatchObject({ changed: true });
    expect(recorder.requests.some((r) => r.path.includes('?'))).toBe(false);
    expect(new Set(lists().map((r) => `${r.method} ${r.path}`))).toEqual(
      new Set(['POST /scim/v2/Groups/.search', 'POST /scim/v2/Users/.search']),
    );
  });

  it('a change of the option alone (same revision) gets a new client', async () => {
    const flow = flowOf([
      {
        id: 'n',
        type: 'scim.findUser',
        config: { connection: 'sandbox', userName: 'bob.smith@example.com' },
      },
    ]);
    await run(flow, {}, { connections: conn({}), fetch: recorder.fetch });
    await run(flow, {}, { connections: conn({ search: 'post' }), fetch: recorder.fetch });
    expect(lists().map((r) => r.method)).toEqual(['GET', 'POST']);
  });
});

describe("search: 'post' on a service without .search", () => {
  let server: Server;
  let baseUrl: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.endsWith('/.search')) {
        hits++;
        res.writeHead(501, { 'content-type': 'text/plain' });
        return res.end('Not Implemented');
      }
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fails the step with a non-retryable error telling to switch back to GET search', async () => {
    const record = await run(
      flowOf([
        {
          id: 'n',
          type: 'scim.findUser',
          config: { connection: 'sandbox', userName: 'ada@example.com' },
          // 5xx is retried by default; this one must not be, the same request would be refused again.
          retry: { attempts: 3, initialDelayMs: 0 },
        },
      ]),
      {},
      { connections: conn({ search: 'post' }, { baseUrl, revision: baseUrl }) },
    );
    expect(record.status).toBe('failed');
    const error = step(record, 'n').error;
    expect(error).toMatchObject({
      code: 'SCIM_ERROR',
      details: { status: 501, clientCode: 'SCIM_UNSUPPORTED' },
    });
    expect(step(record, 'n').attempts).toBe(1);
    expect(hits).toBe(1);
    expect(error?.message).toMatch(/does not support searching by POST \/Users\/\.search.*back to 'get'/);
  });
});
