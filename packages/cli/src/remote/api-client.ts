/** A small client for the runtime's /api/v1 with errors that say what to do (unreachable, 401, 400 details). */
import { z } from 'zod';
import { CliError } from '../errors';

const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string().optional(), message: z.string() }).loose()).optional(),
  }),
});

export class ApiError extends CliError {
  readonly status: number;
  readonly code: string | undefined;
  constructor(message: string, status: number, code?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export interface ApiClient {
  server: string;
  /** JSON request; returns the parsed body (undefined for 204). */
  json(method: string, path: string, body?: unknown): Promise<unknown>;
  /** GET returning text as is (export keeps the server's bytes). */
  text(path: string): Promise<string>;
}

function describeNetworkError(server: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return `cannot reach the idflow server at ${server} (${reason}). Is it running? Check --server.`;
}

/**
 * Creates a client for one server and admin token.
 * @example const api = createApiClient('http://127.0.0.1:3000', token); await api.json('GET', '/api/v1/flows')
 */
export function createApiClient(server: string, token: string, fetchImpl: typeof fetch = fetch): ApiClient {
  async function send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetchImpl(`${server}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new CliError(describeNetworkError(server, error));
    }
    if (res.ok) return res;
    const text = await res.text();
    if (res.status === 401) {
      throw new ApiError(
        `the server at ${server} rejected the token (401 Unauthorized). Check --token or IDFLOW_TOKEN.`,
        401,
        'UNAUTHORIZED',
      );
    }
    let parsed: z.infer<typeof ApiErrorBody> | undefined;
    try {
      parsed = ApiErrorBody.parse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (!parsed)
      throw new ApiError(`${method} ${path} failed: HTTP ${res.status} ${text.slice(0, 200)}`, res.status);
    const details = (parsed.error.details ?? []).map((d) => `\n  ${d.path ? `${d.path}: ` : ''}${d.message}`);
    throw new ApiError(
      `${method} ${path} failed: ${res.status} ${parsed.error.code}: ${parsed.error.message}${details.join('')}`,
      res.status,
      parsed.error.code,
    );
  }

  return {
    server,
    async json(method, path, body) {
      const res = await send(method, path, body);
      if (res.status === 204) return undefined;
      const text = await res.text();
      try {
        return text === '' ? undefined : JSON.parse(text);
      } catch {
        throw new CliError(
          `${method} ${path}: the server did not answer JSON. Is ${server} an idflow runtime?`,
        );
      }
    },
    async text(path) {
      return (await send('GET', path)).text();
    },
  };
}

const FlowSummaries = z.object({
  items: z.array(z.object({ id: z.string(), hash: z.string().optional() }).loose()),
});

/** Ids (and hashes) of the flows on the server. */
export async function listServerFlows(api: ApiClient): Promise<{ id: string; hash?: string }[]> {
  const body = FlowSummaries.safeParse(await api.json('GET', '/api/v1/flows'));
  if (!body.success)
    throw new CliError(`GET /api/v1/flows: unexpected answer. Is ${api.server} an idflow runtime?`);
  return body.data.items;
}

const FlowEnvelope = z.object({ flow: z.unknown(), hash: z.string().optional() }).loose();

/** One flow as stored on the server, or undefined when it has none with that id. */
export async function getServerFlow(api: ApiClient, id: string): Promise<unknown | undefined> {
  try {
    const body = FlowEnvelope.parse(await api.json('GET', `/api/v1/flows/${encodeURIComponent(id)}`));
    return body.flow;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}
