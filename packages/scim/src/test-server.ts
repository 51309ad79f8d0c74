// Test helper (not exported): a real node:http server on 127.0.0.1 that records requests and answers by handler.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  rawUrl: string;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed JSON body, or undefined. */
  json: unknown;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as application/scim+json; strings as given. */
  body?: unknown;
}

export type Handler = (req: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        rawUrl: req.url ?? '/',
        headers: req.headers,
        text,
        json,
      };
      requests.push(recorded);
      try {
        const reply = await handler(recorded, requests.length - 1);
        const isText = typeof reply.body === 'string';
        const headers: Record<string, string> = {
          ...(reply.body === undefined
            ? {}
            : { 'content-type': isText ? 'text/plain' : 'application/scim+json' }),
          ...reply.headers,
        };
        res.writeHead(reply.status, headers);
        res.end(
          reply.body === undefined ? undefined : isText ? String(reply.body) : JSON.stringify(reply.body),
        );
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A SCIM Error body. */
export function scimError(status: number | string, scimType?: string, detail?: string): Reply {
  return {
    status: Number(status),
    body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status, scimType, detail },
  };
}

/** Starts servers for one test file and closes them after each test. */
export function useServers(): (handler: Handler) => Promise<TestServer> {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async (handler) => {
    const s = await startServer(handler);
    servers.push(s);
    return s;
  };
}

/** Answers /ServiceProviderConfig with `spc` (404 when null), delegating everything else. */
export function withConfig(spc: Record<string, unknown> | null, rest: Handler): Handler {
  return (req, i) => {
    if (req.path === '/ServiceProviderConfig') return spc ? { status: 200, body: spc } : scimError(404);
    return rest(req, i);
  };
}

/** Requests other than discovery. */
export const nonConfig = (s: TestServer) => s.requests.filter((r) => r.path !== '/ServiceProviderConfig');
