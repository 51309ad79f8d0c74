/** A fault-injecting HTTP proxy on 127.0.0.1: programmable per request (status, slow, reset, bad bodies), else forwards. */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'slow'; ms: number }
  | { kind: 'reset' }
  | { kind: 'malformedJson'; status?: number }
  | { kind: 'html'; status?: number }
  | { kind: 'pass' };

export interface ProxyHit {
  method: string;
  path: string;
  fault: Fault['kind'];
}

export interface FaultRule {
  /** Which requests the rule applies to (default: all). */
  match?: (req: { method: string; path: string }) => boolean;
  /** How many matching requests it answers (default: every one). */
  times?: number;
  fault: Fault;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: the same paths as the target. */
  url: string;
  /** Every request received, in order, with the fault it got. */
  hits: ProxyHit[];
  /** Requests that matched `match` (or all). */
  count(match?: (hit: ProxyHit) => boolean): number;
  /** Adds rules; the first rule that matches and has uses left answers. Unmatched requests are forwarded. */
  plan(...rules: FaultRule[]): void;
  /** Drops every rule and every recorded hit. */
  reset(): void;
  close(): Promise<void>;
}

interface LiveRule extends FaultRule {
  left: number;
}

const MALFORMED =
  '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults": 1, "Resources": [';
const HTML =
  '<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

/**
 * @example
 * const proxy = await startFaultProxy(sandbox.origin);
 * proxy.plan({ times: 2, fault: { kind: 'status', status: 503 } });
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: LiveRule[] = [];
  const hits: ProxyHit[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const pick = (method: string, path: string): Fault => {
    for (const rule of rules) {
      if (rule.left <= 0) continue;
      if (rule.match && !rule.match({ method, path })) continue;
      rule.left--;
      return rule.fault;
    }
    return { kind: 'pass' };
  };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = pick(method, path);
    hits.push({ method, path, fault: fault.kind });
    if (fault.kind === 'pass') return forward(req, res);
    // Drain the request body so the client is not blocked writing it.
    req.resume();
    switch (fault.kind) {
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }));
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) forward(req, res);
        }, fault.ms);
        timers.add(timer);
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
      case 'malformedJson':
        res.writeHead(fault.status ?? 200, { 'content-type': 'application/scim+json' });
        res.end(MALFORMED);
        return;
      case 'html':
        res.writeHead(fault.status ?? 200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(HTML);
        return;
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    count: (match) => (match ? hits.filter(match).length : hits.length),
    plan(...more) {
      for (const r of more) rules.push({ ...r, left: r.times ?? Number.POSITIVE_INFINITY });
    },
    reset() {
      rules.length = 0;
      hits.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
