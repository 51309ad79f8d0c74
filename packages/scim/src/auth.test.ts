// OAuth2 client credentials, basic and header auth against real local servers.

import { describe, expect, it } from 'vitest';
import { ScimClient } from './client';
import { scimError, useServers } from './test-server';
import type { CallInfo } from './types';

const serve = useServers();
const user = (id: string) => ({ id, userName: `${id}@x` });

describe('OAuth2 client credentials', () => {
  it('fetches a token by form POST, caches it, and refreshes once on 401', async () => {
    let issued = 0;
    const tokenServer = await serve((req) => {
      issued++;
      expect(req.method).toBe('POST');
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const form = new URLSearchParams(req.text);
      expect(Object.fromEntries(form)).toEqual({
        grant_type: 'client_credentials',
        client_id: 'cid',
        client_secret: 's&cret',
        scope: 'scim',
      });
      return { status: 200, body: { access_token: `tok${issued}`, token_type: 'bearer', expires_in: 3600 } };
    });
    const api = await serve((req) =>
      req.headers.authorization === 'Bearer tok1' && req.path.endsWith('/u2')
        ? scimError(401, undefined, 'revoked')
        : { status: 200, body: user(req.path.split('/').pop()!) },
    );
    const calls: CallInfo[] = [];
    const scim = new ScimClient({
      baseUrl: api.url,
      auth: {
        type: 'oauth2',
        tokenUrl: `${tokenServer.url}/oauth/token`,
        clientId: 'cid',
        clientSecret: 's&cret',
        scope: 'scim',
      },
      onCall: (c) => calls.push(c),
    });
    await Promise.all([scim.users.get('u1'), scim.users.get('u1')]);
    await scim.users.get('u1');
    expect(issued).toBe(1);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer tok1',
      'Bearer tok1',
      'Bearer tok1',
    ]);

    await scim.users.get('u2');
    expect(issued).toBe(2);
    expect(api.requests.slice(3).map((r) => r.headers.authorization)).toEqual(['Bearer tok1', 'Bearer tok2']);
    expect(calls.filter((c) => c.operation === 'auth.token')).toHaveLength(2);
  });

  it('refreshes only once: a second 401 is an error', async () => {
    let issued = 0;
    const tokenServer = await serve(() => ({
      status: 200,
      body: { access_token: `tok${++issued}`, expires_in: 60 },
    }));
    const api = await serve(() => scimError('401', undefined, 'no'));
    const scim = new ScimClient({
      baseUrl: api.url,
      auth: { type: 'oauth2', tokenUrl: tokenServer.url, clientId: 'c', clientSecret: 's' },
    });
    await expect(scim.users.get('u1')).rejects.toMatchObject({ status: 401 });
    expect(api.requests).toHaveLength(2);
    expect(issued).toBe(2);
  });

  it('reports a failing token endpoint as SCIM_AUTH_ERROR', async () => {
    const tokenServer = await serve(() => ({ status: 400, body: { error: 'invalid_client' } }));
    const scim = new ScimClient({
      baseUrl: tokenServer.url,
      auth: {
        type: 'oauth2',
        tokenUrl: tokenServer.url,
        clientId: 'c',
        clientSecret: 's',
        clientAuth: 'basic',
      },
    });
    await expect(scim.users.get('u1')).rejects.toMatchObject({ code: 'SCIM_AUTH_ERROR', status: 400 });
    expect(tokenServer.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('c:s').toString('base64')}`,
    );
  });

  it('sends basic and custom header auth only when configured', async () => {
    const server = await serve(() => ({ status: 200, body: user('u1') }));
    await new ScimClient({
      baseUrl: server.url,
      auth: { type: 'basic', username: 'u', password: 'p' },
    }).users.get('u1');
    await new ScimClient({
      baseUrl: server.url,
      auth: { type: 'header', name: 'x-api-key', value: 'k' },
    }).users.get('u1');
    await new ScimClient({ baseUrl: server.url, auth: { type: 'none' } }).users.get('u1');
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(server.requests[1]!.headers['x-api-key']).toBe('k');
    expect(server.requests[1]!.headers.authorization).toBeUndefined();
    expect(server.requests[2]!.headers.authorization).toBeUndefined();
  });
});
