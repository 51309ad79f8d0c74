/** Route definitions: method, path, summary, zod schemas and handler in one object; the app, OpenAPI and the auth test walk them. */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiError, validationError } from './errors';

export type Method = 'get' | 'post' | 'put' | 'delete';
/** `admin`: admin token header; `adminOrQuery`: also `?token=` (SSE); `none`: public; `webhook`/`metrics`: own checks. */
export type RouteAuth = 'admin' | 'adminOrQuery' | 'none' | 'webhook' | 'metrics';

export interface RouteInput<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
}

export interface Route {
  method: Method;
  /** Express path, e.g. `/api/v1/flows/:id`. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  body?: z.ZodType;
  /** Shown in OpenAPI instead of `body` (flows are validated by the engine, documented by FlowSchema). */
  bodyDoc?: z.ZodType;
  query?: z.ZodType;
  /** Response body schema (for OpenAPI); omitted for non-JSON answers. */
  response?: z.ZodType;
  /** Success status, for OpenAPI. */
  status: number;
  /** Response media type when not JSON. */
  produces?: string;
  handle(req: Request, res: Response): Promise<void>;
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  auth?: RouteAuth;
  body?: B;
  bodyDoc?: z.ZodType;
  query?: Q;
  response?: z.ZodType;
  status?: number;
  produces?: string;
  handler(input: RouteInput<z.output<B>, z.output<Q>>, req: Request, res: Response): Promise<void>;
}

/**
 * Defines a route whose body and query are parsed with zod before the handler runs (400 VALIDATION with paths).
 * @example defineRoute({ method: 'get', path: '/api/v1/flows', summary: 'List flows', tag: 'flows', handler: async (_i, _q, res) => { res.json({ items: [] }); } })
 */
export function defineRoute<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(
  spec: RouteSpec<B, Q>,
): Route {
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tag: spec.tag,
    auth: spec.auth ?? 'admin',
    body: spec.body,
    bodyDoc: spec.bodyDoc,
    query: spec.query,
    response: spec.response,
    status: spec.status ?? 200,
    produces: spec.produces,
    async handle(req, res) {
      let body: unknown = req.body;
      const problem = bodyShapeProblem(body);
      if (problem) {
        throw new ApiError(
          'VALIDATION',
          `The request body is not valid. ${problem.path || 'body'}: ${problem.message}`,
          [problem],
        );
      }
      if (spec.body) {
        const parsed = spec.body.safeParse(req.body ?? undefined);
        if (!parsed.success) throw validationError(parsed.error, 'request body');
        body = parsed.data;
      }
      let query: unknown = req.query;
      if (spec.query) {
        const parsed = spec.query.safeParse({ ...req.query });
        if (!parsed.success) throw validationError(parsed.error, 'query string', 'query');
        query = parsed.data;
      }
      const params = { ...req.params } as Record<string, string>;
      await spec.handler({ body: body as z.output<B>, query: query as z.output<Q>, params }, req, res);
    },
  };
}

/** Path parameters are slugs: no dots, no slashes, so they can never walk a file path. */
export const SlugParam = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a slug: lowercase letters, digits and dashes');

/** JSON bodies nested deeper than this are refused (400) before recursive code (zod, canonical JSON, the store) sees them. */
export const MAX_BODY_DEPTH = 64;

/**
 * The first structural problem of a parsed JSON body: nesting past MAX_BODY_DEPTH, or a `__proto__` key (which
 * JSON.parse keeps as an own key but any later `obj[key] = value` copy turns into a prototype change). Iterative,
 * so a hostile body cannot overflow the stack here. Raw (Buffer) bodies are not inspected.
 */
export function bodyShapeProblem(value: unknown): { path: string; message: string } | undefined {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: '', depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { v, path, depth } = item;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return { path, message: `nested deeper than ${MAX_BODY_DEPTH} levels` };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(v)) {
      const at = path ? `${path}.${key}` : key;
      if (key === '__proto__') return { path: at, message: '"__proto__" is not allowed as a key' };
      stack.push({ v: (v as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return undefined;
}
