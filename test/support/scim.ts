// Shared helpers for SCIM integration tests and benches: sandbox + client, a recording/fault proxy, a token server.
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningSandbox, type StartOptions, startSandbox } from '../../apps/scim-sandbox/src/index';
import { type CallInfo, ScimClient, type ScimClientOptions } from '../../packages/scim/src/index';

export const SANDBOX_TOKEN = 'integration-sandbox-token-0123456789';

/** Starts an HTTP server on 127.0.0.1 with a random port. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((err) => (err ? reject(err) : resolve()));
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface SandboxHarness {
  sandbox: RunningSandbox;
  /** A client on the sandbox whose calls are recorded in `calls`. */
  client: ScimClient;
  calls: CallInfo[];
  /** Another client on the same sandbox (its calls are recorded in `calls` too). */
  newClient(options?: Partial<ScimClientOptions>): ScimClient;
  close(): Promise<void>;
}

/**
 * A sandbox on 127.0.0.1 (empty unless `seed` says otherwise) and a bearer-token client on it.
 * @example const h = await startSandboxHarness({ features: { patch: false } });
 */
export async function startSandboxHarness(
  options: Partial<StartOptions> = {},
  clientOptions: Partial<ScimClientOptions> = {},
): Promise<SandboxHarness> {
  const sandbox = await startSandbox({
    token: SANDBOX_TOKEN,
    port: 0,
    ...options,
    seed: options.seed ?? { users: [], groups: [] },
  });
  const calls: CallInfo[] = [];
  const newClient = (extra: Partial<ScimClientOptions> = {}) =>
    new ScimClient({
      baseUrl: sandbox.url,
      auth: { type: 'bearer', token: SANDBOX_TOKEN },
      onCall: (info) => calls.push(info),
      ...clientOptions,
      ...extra,
    });
  return { sandbox, client: newClient(), calls, newClient, close: () => sandbox.close() };
}

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CannedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface RecordingProxy {
  origin: string;
  /** Every request received, intercepted or forwarded. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 that records every request and forwards it to `target` (an origin), unless
 * `intercept` returns a canned answer for it.
 */
export async function startProxy(
  target: string,
  intercept?: (req: RecordedRequest, index: number) => CannedResponse | undefined,
): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const to = new URL(target);
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body,
    };
    const index = requests.push(recorded) - 1;
    const canned = intercept?.(recorded, index);
    if (canned) {
      res.writeHead(canned.status, canned.headers ?? {});
      res.end(canned.body ?? '');
      return;
    }
    const upstream = httpRequest(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: to.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
    upstream.end(body);
  });
  const origin = await listen(server);
  return { origin, requests, close: () => closeServer(server) };
}

export interface TokenServer {
  tokenUrl: string;
  /** Token requests received (valid or not). */
  requests: Array<{ grantType: string | null; clientId: string | null; authorization: string | undefined }>;
  close(): Promise<void>;
}

/**
 * A minimal OAuth 2.0 token endpoint (client credentials, form body or HTTP Basic). `issue(n)` gives the n-th
 * (0-based) issued token and its lifetime in seconds.
 */
export async function startTokenServer(options: {
  clientId: string;
  clientSecret: string;
  issue: (n: number) => { token: string; expiresIn: number };
}): Promise<TokenServer> {
  const requests: TokenServer['requests'] = [];
  let issued = 0;
  const server = createServer(async (req, res) => {
    const form = new URLSearchParams(await readBody(req));
    let clientId = form.get('client_id');
    let clientSecret = form.get('client_secret');
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic?.[1]) {
      const [id = '', secret = ''] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id);
      clientSecret = decodeURIComponent(secret);
    }
    requests.push({
      grantType: form.get('grant_type'),
      clientId,
      authorization: req.headers.authorization,
    });
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/oauth/token') return json(404, { error: 'not_found' });
    if (form.get('grant_type') !== 'client_credentials')
      return json(400, { error: 'unsupported_grant_type' });
    if (clientId !== options.clientId || clientSecret !== options.clientSecret) {
      return json(401, { error: 'invalid_client' });
    }
    const { token, expiresIn } = options.issue(issued++);
    json(200, { access_token: token, token_type: 'bearer', expires_in: expiresIn });
  });
  const origin = await listen(server);
  return { tokenUrl: `${origin}/oauth/token`, requests, close: () => closeServer(server) };
}

/** A SCIM Error body as a string. */
export function scimErrorBody(status: number, detail: string, scimType?: string): string {
  return JSON.stringify({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  });
}
