/** Lookups by name against a SCIM stub that, unlike the sandbox, lets two resources share a name. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connections, flowOf, run, step } from '../../../test/helpers';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const group = (id: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id,
  displayName: 'Engineering',
});
const user = (id: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id,
  userName: 'bob@example.com',
});
const list = (resources: object[]) => ({
  schemas: [LIST],
  totalResults: resources.length,
  startIndex: 1,
  itemsPerPage: resources.length,
  Resources: resources,
});

/** Two groups named Engineering, two users named bob@example.com, group g1 by id; every other request 404. */
let server: Server;
let baseUrl: string;
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    seen.push(`${req.method} ${url.pathname}`);
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/scim/v2/Groups')
      return send(200, list([group('g1'), group('g2')]));
    if (req.method === 'GET' && url.pathname === '/scim/v2/Groups/g1') return send(200, group('g1'));
    if (req.method === 'GET' && url.pathname === '/scim/v2/Users')
      return send(200, list([user('u1'), user('u2')]));
    send(404, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: 'not here',
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
});

const runNode = (type: string, config: Record<string, unknown>) =>
  run(
    flowOf([{ id: 'g', type, config: { connection: 'stub', ...config } }]),
    {},
    {
      connections: connections([
        { name: 'stub', kind: 'scim', baseUrl, auth: { type: 'bearer', token: 't' }, revision: baseUrl },
      ]),
    },
  );

describe('lookups by name that match more than one resource', () => {
  it('scim.addToGroup with a shared groupName fails AMBIGUOUS, asks for groupId and writes nothing', async () => {
    const record = await runNode('scim.addToGroup', { groupName: 'Engineering', userId: 'u1' });
    expect(record.status).toBe('failed');
    const error = step(record, 'g').error;
    expect(error?.code).toBe('AMBIGUOUS');
    expect(error?.message).toMatch(/More than one SCIM group has displayName "Engineering".*groupId/);
    expect(error?.details).toEqual({ matches: ['g1', 'g2'] });
    expect(seen.filter((r) => !r.startsWith('GET'))).toEqual([]);
  });

  it('scim.addToGroup with a shared userName fails AMBIGUOUS and asks for userId', async () => {
    const record = await runNode('scim.addToGroup', { groupId: 'g1', userName: 'bob@example.com' });
    const error = step(record, 'g').error;
    expect(error?.code).toBe('AMBIGUOUS');
    expect(error?.message).toMatch(/More than one SCIM user has userName "bob@example.com".*userId/);
    expect(seen.filter((r) => !r.startsWith('GET'))).toEqual([]);
  });

  it('scim.findGroup by a shared groupName fails instead of answering the first', async () => {
    const record = await runNode('scim.findGroup', { groupName: 'Engineering' });
    expect(step(record, 'g').error?.code).toBe('AMBIGUOUS');
  });
});
