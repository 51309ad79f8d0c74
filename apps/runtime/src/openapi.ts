/** The OpenAPI 3.1 document, generated from the route table and its zod schemas (z.toJSONSchema). */
import { z } from 'zod';
import { ErrorBody } from './api-schemas';
import type { Route } from './http/route';

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

/** `/api/v1/flows/:id` → `/api/v1/flows/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function queryParams(q: z.ZodType | undefined): Json[] {
  if (!q) return [];
  const schema = schemaOf(q, 'input');
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: s,
  }));
}

/**
 * @example buildOpenApi(routes, '0.1.0').paths['/api/v1/flows'].get.summary
 */
export function buildOpenApi(routes: readonly Route[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const path = openApiPath(r.path);
    const params = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const secured = r.auth === 'admin' || r.auth === 'adminOrQuery';
    const body = r.bodyDoc ?? r.body;
    const responses: Json = {
      [String(r.status)]: {
        description: 'Success',
        ...(r.response
          ? { content: { 'application/json': { schema: schemaOf(r.response, 'output') } } }
          : r.produces
            ? { content: { [r.produces]: { schema: { type: 'string' } } } }
            : {}),
      },
      default: {
        description: 'Error',
        content: { 'application/json': { schema: schemaOf(ErrorBody, 'output') } },
      },
    };
    const op: Json = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${openApiPath(r.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
      parameters: [...params, ...queryParams(r.query)],
      responses,
      security: secured
        ? [{ adminToken: [] }]
        : r.auth === 'webhook'
          ? [{ webhookToken: [] }, { webhookHmac: [] }]
          : [],
    };
    if (body && r.method !== 'get') {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(body, 'input') } },
      };
    }
    paths[path] ??= {};
    paths[path][r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'idflow runtime API', version, description: 'See apps/runtime/API.md.' },
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'IDFLOW_ADMIN_TOKEN' },
        webhookToken: { type: 'apiKey', in: 'header', name: 'X-Idflow-Token' },
        webhookHmac: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Idflow-Signature',
          description: 't=<unix>,v1=<hex hmac-sha256 of "<t>.<raw body>">',
        },
      },
    },
    paths,
  };
}
