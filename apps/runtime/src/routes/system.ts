/** Public system routes: /healthz, /metrics (Prometheus, optional token), /api/v1/openapi.json. */
import { z } from 'zod';
import { HealthOut } from '../api-schemas';
import type { RuntimeContext } from '../context';
import { defineRoute, type Route } from '../http/route';
import { buildOpenApi } from '../openapi';

export const RUNTIME_VERSION = '0.1.0';

const Dependency = z.object({ ok: z.boolean(), ms: z.number().optional(), error: z.string().optional() });
/** HealthOut plus, when the runtime uses them, Redis and PostgreSQL reachability (`degraded`: 503). */
const HealthWithDependencies = HealthOut.extend({
  status: z.enum(['ok', 'shutting-down', 'degraded']),
  mode: z.enum(['single', 'main', 'worker']).optional(),
  redis: Dependency.optional(),
  postgres: Dependency.optional(),
});

export function systemRoutes(c: RuntimeContext, all: () => readonly Route[]): Route[] {
  let openapi: unknown;
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary:
        'Health: 200 ok; 503 while shutting down or when Redis/PostgreSQL (when used) cannot be reached',
      tag: 'system',
      auth: 'none',
      response: HealthWithDependencies,
      handler: async (_i, _req, res) => {
        const down = c.lifecycle.shuttingDown;
        const deps = c.dependencies ? await c.dependencies() : undefined;
        const status = down ? 'shutting-down' : deps && !deps.ok ? 'degraded' : 'ok';
        res.status(status === 'ok' ? 200 : 503).json({
          status,
          version: RUNTIME_VERSION,
          ...(deps ? { mode: c.config.mode } : {}),
          ...(deps?.redis ? { redis: deps.redis } : {}),
          ...(deps?.postgres ? { postgres: deps.postgres } : {}),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics (Bearer IDFLOW_METRICS_TOKEN when set)',
      tag: 'system',
      auth: 'metrics',
      produces: 'text/plain',
      handler: async (_i, _req, res) => {
        res.setHeader('Content-Type', c.metrics.registry.contentType);
        res.send(await c.metrics.registry.metrics());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/openapi.json',
      summary: 'This API as OpenAPI 3.1, generated from the route table',
      tag: 'system',
      auth: 'none',
      produces: 'application/json',
      handler: async (_i, _req, res) => {
        openapi ??= buildOpenApi(all(), RUNTIME_VERSION);
        res.json(openapi);
      },
    }),
  ];
}
