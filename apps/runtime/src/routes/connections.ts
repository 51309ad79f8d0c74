/** /api/v1/connections: CRUD with write-only secrets (encrypted at rest or env:NAME), and a connection test. */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ConnectionBody, ConnectionList, ConnectionTestOut, ConnectionView } from '../api-schemas';
import type { RuntimeContext } from '../context';
import { ApiError } from '../http/errors';
import { defineRoute, type Route, SlugParam } from '../http/route';
import { sealAuth, viewAuth } from '../secrets/connection-secrets';
import type { StoredConnection } from '../store/types';
import { testConnection } from './connection-test';

const BASE = '/api/v1/connections';

export const view = (s: StoredConnection) => ({
  name: s.name,
  kind: s.kind,
  baseUrl: s.baseUrl,
  auth: viewAuth(s.auth),
  options: s.options,
  updatedAt: s.updatedAt,
});

function name(params: Record<string, string>): string {
  const parsed = SlugParam.safeParse(params.name);
  if (!parsed.success) throw new ApiError('NOT_FOUND', 'Connection names are slugs; this one cannot exist.');
  return parsed.data;
}

/** Saves a connection from an API body (also used by start-product for the sandbox connection). */
export async function saveConnection(
  c: RuntimeContext,
  body: z.output<typeof ConnectionBody>,
  previous?: StoredConnection,
): Promise<StoredConnection> {
  const now = c.clock.nowIso();
  const stored: StoredConnection = {
    name: body.name,
    kind: body.kind,
    baseUrl: body.baseUrl.replace(/\/+$/, ''),
    auth: sealAuth(body.auth, c.cipher, previous?.auth),
    options: body.options,
    revision: randomUUID(),
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  };
  await c.store.saveConnection(stored);
  await c.secrets.refresh();
  return stored;
}

async function getOr404(c: RuntimeContext, n: string): Promise<StoredConnection> {
  const s = await c.store.getConnection(n);
  if (!s) throw new ApiError('NOT_FOUND', `Connection ${n} does not exist.`);
  return s;
}

export function connectionRoutes(c: RuntimeContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: BASE,
      summary: 'List connections (secrets shown as set/unset)',
      tag: 'connections',
      response: ConnectionList,
      handler: async (_i, _req, res) => {
        res.json({ items: (await c.store.listConnections()).map(view) });
      },
    }),
    defineRoute({
      method: 'post',
      path: BASE,
      summary: 'Create a connection; secret values may be env:NAME',
      tag: 'connections',
      body: ConnectionBody,
      status: 201,
      response: ConnectionView,
      handler: async ({ body }, _req, res) => {
        if (await c.store.getConnection(body.name)) {
          throw new ApiError(
            'CONFLICT',
            `Connection ${body.name} already exists: PUT ${BASE}/${body.name} to change it.`,
            [{ path: 'name', message: 'already exists' }],
          );
        }
        res.status(201).json(view(await saveConnection(c, body)));
      },
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/:name`,
      summary: 'Get a connection',
      tag: 'connections',
      response: ConnectionView,
      handler: async ({ params }, _req, res) => {
        res.json(view(await getOr404(c, name(params))));
      },
    }),
    defineRoute({
      method: 'put',
      path: `${BASE}/:name`,
      summary: 'Replace a connection; omitted secret fields keep their stored value',
      tag: 'connections',
      body: ConnectionBody,
      response: ConnectionView,
      handler: async ({ body, params }, _req, res) => {
        const n = name(params);
        if (body.name !== n) {
          throw new ApiError('VALIDATION', `The body's name "${body.name}" differs from the URL's "${n}".`, [
            { path: 'name', message: `must be "${n}"` },
          ]);
        }
        const previous = await getOr404(c, n);
        res.json(view(await saveConnection(c, body, previous)));
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${BASE}/:name`,
      summary: 'Delete a connection',
      tag: 'connections',
      status: 204,
      handler: async ({ params }, _req, res) => {
        const n = name(params);
        if (!(await c.store.deleteConnection(n)))
          throw new ApiError('NOT_FOUND', `Connection ${n} does not exist.`);
        await c.secrets.refresh();
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/:name/test`,
      summary: 'Test a connection (SCIM: discovery and a one-user list; HTTP: a GET)',
      tag: 'connections',
      response: ConnectionTestOut,
      handler: async ({ params }, _req, res) => {
        const stored = await getOr404(c, name(params));
        res.json(c.secrets.redact(await testConnection(c, stored)));
      },
    }),
  ];
}
