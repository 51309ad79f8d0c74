/** GET /api/v1/events: Server-Sent Events of runs and steps, in order, filtered by flow or run, with heartbeat comments. */
import { EventsQuery } from '../api-schemas';
import type { RuntimeContext } from '../context';
import { defineRoute, type Route } from '../http/route';

export const HEARTBEAT_MS = 15_000;

export function eventRoutes(c: RuntimeContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/events',
      summary: 'Run and step events as text/event-stream (token also accepted as ?token=)',
      tag: 'events',
      auth: 'adminOrQuery',
      query: EventsQuery,
      produces: 'text/event-stream',
      handler: async ({ query }, req, res) => {
        res.status(200);
        res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('Connection', 'keep-alive');
        res.setHeader('X-Accel-Buffering', 'no');
        res.flushHeaders();
        res.write(': connected\n\n');
        const off = c.bus.subscribe((event) => {
          if (query.flowId && event.flowId !== query.flowId) return;
          const parent = 'parentRunId' in event ? event.parentRunId : undefined;
          if (query.runId && event.runId !== query.runId && parent !== query.runId) return;
          res.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        });
        const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
        heartbeat.unref();
        const close = () => {
          clearInterval(heartbeat);
          off();
        };
        req.on('close', close);
        res.on('close', close);
      },
    }),
  ];
}
