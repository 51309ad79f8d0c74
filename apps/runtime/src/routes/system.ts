/** Public system routes: /healthz, /metrics (Prometheus, optional token), /api/v1/openapi.json. */
import { HealthOut } from '../api-schemas';
import type { RuntimeContext } from '../context';
import { defineRoute, type Route } from '../http/route';
import { buildOpenApi } from '../openapi';

export const RUNTIME_VERSION = '0.1.0';

export function systemRoutes(c: RuntimeContext, all: () => readonly Route[]): Route[] {
  let openapi: unknown;
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: 200 ok, 503 while shutting down',
      tag: 'system',
      auth: 'none',
      response: HealthOut,
      handler: async (_i, _req, res) => {
        const down = c.lifecycle.shuttingDown;
        res
          .status(down ? 503 : 200)
          .json({ status: down ? 'shutting-down' : 'ok', version: RUNTIME_VERSION });
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
