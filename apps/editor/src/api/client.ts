/** fetch wrapper for /api/v1: adds the admin token, parses JSON with a zod schema, turns errors into ApiError. */
import type { z } from 'zod';
import { ApiErrorBodySchema, type Issue } from './schemas';
import { getToken, signOut } from './session';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Issue[] = [],
    readonly currentVersion?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Token to use instead of the stored one (sign-in check). */
  token?: string;
  /** Do not sign out on 401 (sign-in check). */
  keepSessionOn401?: boolean;
}

/** Sends a request and returns the raw Response after error handling. */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = options.token ?? getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, { method: options.method ?? 'GET', headers, body });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', `Cannot reach the runtime: ${(err as Error).message}`);
  }
  if (res.status === 401) {
    if (!options.keepSessionOn401) signOut();
    throw new ApiError(401, 'UNAUTHORIZED', 'The admin token was refused. Sign in again.');
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = ApiErrorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const e = parsed.data.error;
      return new ApiError(res.status, e.code, e.message, e.details ?? [], e.currentVersion);
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(res.status, `HTTP_${res.status}`, text.slice(0, 300) || res.statusText);
}

/** Sends a request and validates the JSON answer. */
export async function request<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const res = await send(path, options);
  const json: unknown = await res.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(res.status, 'BAD_RESPONSE', `Unexpected answer from ${path}: ${parsed.error.message}`);
  }
  return parsed.data;
}

/** For 204 answers. */
export async function requestVoid(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
