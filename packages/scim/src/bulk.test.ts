// Bulk against real local servers: splitting, bulkIds, reference resolution, status shapes, fallback.

import { describe, expect, it } from 'vitest';
import { ScimClient } from './client';
import { MESSAGE_BULK_REQUEST, MESSAGE_PATCH_OP } from './constants';
import { nonConfig, type TestServer, useServers, withConfig } from './test-server';
import type { ScimClientOptions } from './types';

const serve = useServers();

function client(server: TestServer, extra: Partial<ScimClientOptions> = {}) {
  return new ScimClient({ baseUrl: server.url, auth: { type: 'none' }, sleep: async () => {}, ...extra });
}

describe('bulk', () => {
  it('splits by maxOperations, gives POSTs bulkIds, resolves references and parses every status shape', async () => {
    let n = 0;
    const server = await serve(
      withConfig({ bulk: { supported: true, maxOperations: 2, maxPayloadSize: 100_000 } }, (req) => {
        const ops = (req.json as { Operations: Array<{ method: string; bulkId?: string }> }).Operations;
        const shapes = ['201', 201, { code: '201' }];
        return {
          status: 200,
          body: {
            Operations: ops.map((op) => ({
              method: op.method,
              bulkId: op.bulkId,
              location: op.method === 'POST' ? `/Users/id${++n}` : undefined,
              status: op.method === 'DELETE' ? { code: '404' } : shapes[n % 3],
              response:
                op.method === 'DELETE'
                  ? {
                      status: '404',
                      detail: 'gone',
                      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
                    }
                  : undefined,
            })),
          },
        };
      }),
    );
    const out = await client(server).bulk([
      { method: 'POST', path: '/Users', bulkId: 'a', data: { userName: 'a' } },
      { method: 'POST', path: '/Users', data: { userName: 'b' } },
      { method: 'POST', path: '/Groups', data: { displayName: 'g', members: [{ value: 'bulkId:a' }] } },
      { method: 'DELETE', path: '/Users/zz' },
      { method: 'POST', path: '/Users', data: { userName: 'c' } },
    ]);
    const bulkRequests = nonConfig(server);
    expect(bulkRequests.map((r) => (r.json as { Operations: unknown[] }).Operations.length)).toEqual([
      2, 2, 1,
    ]);
    expect(bulkRequests[0]!.json).toMatchObject({ schemas: [MESSAGE_BULK_REQUEST] });
    const sent = bulkRequests.flatMap(
      (r) =>
        (r.json as { Operations: Array<{ method: string; bulkId?: string; data?: unknown }> }).Operations,
    );
    expect(
      sent.filter((o) => o.method === 'POST').every((o) => typeof o.bulkId === 'string' && o.bulkId !== ''),
    ).toBe(true);
    expect(sent[2]!.data).toEqual({ displayName: 'g', members: [{ value: 'id1' }] });
    expect(out.usedBulkEndpoint).toBe(true);
    expect(out.results.map((r) => r.status)).toEqual([201, 201, 201, 404, 201]);
    expect(out.results[3]!.error).toMatchObject({ status: 404, detail: 'gone' });
    expect(out.results[0]).toMatchObject({ bulkId: 'a', id: 'id1' });
  });

  it('splits by maxPayloadSize and stops after failOnErrors', async () => {
    const server = await serve(
      withConfig({ bulk: { supported: true, maxOperations: 100, maxPayloadSize: 400 } }, (req) => ({
        status: 200,
        body: {
          Operations: (req.json as { Operations: Array<{ method: string }> }).Operations.map((o) => ({
            method: o.method,
            status: '400',
          })),
        },
      })),
    );
    const ops = Array.from({ length: 6 }, (_, i) => ({
      method: 'PUT' as const,
      path: `/Users/u${i}`,
      data: { userName: 'x'.repeat(80) },
    }));
    const out = await client(server).bulk(ops, { failOnErrors: 3 });
    const sentBatches = nonConfig(server);
    for (const r of sentBatches) expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(400);
    expect(sentBatches[0]!.json).toMatchObject({ failOnErrors: 3 });
    expect(out.results.length).toBeGreaterThanOrEqual(3);
    expect(out.results.length).toBeLessThan(6);
  });

  it('sends one request per operation when /Bulk is not advertised', async () => {
    const server = await serve(
      withConfig({ bulk: { supported: false } }, (req) =>
        req.method === 'POST' ? { status: 201, body: { id: 'new1' } } : { status: 204 },
      ),
    );
    const out = await client(server).bulk([
      { method: 'POST', path: '/Users', bulkId: 'x', data: { userName: 'a' } },
      {
        method: 'PATCH',
        path: '/Groups/g1',
        data: {
          schemas: [MESSAGE_PATCH_OP],
          Operations: [{ op: 'add', path: 'members', value: [{ value: 'bulkId:x' }] }],
        },
      },
    ]);
    expect(out).toMatchObject({ usedBulkEndpoint: false, requests: 2 });
    expect(server.requests.some((r) => r.path === '/Bulk')).toBe(false);
    expect(nonConfig(server)[1]!.json).toMatchObject({ Operations: [{ value: [{ value: 'new1' }] }] });
    expect(out.results.map((r) => r.status)).toEqual([201, 204]);
  });
});
