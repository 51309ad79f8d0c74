// Test helpers: start a sandbox on a random 127.0.0.1 port and talk to it with global fetch.
import { type RunningSandbox, type StartOptions, startSandbox } from '../src/index';

export const TOKEN = 'test-token-0123456789';
export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies
export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

export interface Client {
  sandbox: RunningSandbox;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  del(path: string, headers?: Record<string, string>): Promise<Reply>;
}

/** Starts a sandbox (empty unless `options.seed` says otherwise) and returns a small fetch client for it. */
export async function startClient(options: Partial<StartOptions> = {}): Promise<Client> {
  const sandbox = await startSandbox({ token: TOKEN, port: 0, seed: { users: [], groups: [] }, ...options });
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(path.startsWith('http') ? path : `${sandbox.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    sandbox,
    request,
    get: (p, h) => request('GET', p, undefined, h),
    post: (p, b, h) => request('POST', p, b, h),
    put: (p, b, h) => request('PUT', p, b, h),
    patch: (p, b, h) => request('PATCH', p, b, h),
    del: (p, h) => request('DELETE', p, undefined, h),
  };
}

export const q = (filter: string): string => encodeURIComponent(filter);

export const patchBody = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

/** A realistic user body; `n` makes userName unique. */
export function userBody(n: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: [USER_URN],
    userName: `user.${n}@example.com`,
    name: { givenName: `Given${n}`, familyName: `Family${n}` },
    emails: [{ value: `user.${n}@example.com`, type: 'work', primary: true }],
    active: true,
    ...extra,
  };
}
