/** Prometheus metrics (prom-client, one registry per app): runs, durations, SCIM/HTTP calls, webhooks, queue depth, schedule ticks. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  runs: Counter<'flow' | 'status'>;
  runDuration: Histogram<'flow' | 'status'>;
  stepDuration: Histogram<'type' | 'status'>;
  scimCalls: Counter<'operation' | 'status'>;
  httpCalls: Counter<'method' | 'status'>;
  webhookRequests: Counter<'status'>;
  scheduleTicks: Counter<'flow' | 'outcome'>;
}

/**
 * @example const m = createMetrics(() => queue.depth(), () => queue.running(), true); m.runs.inc({ flow: 'x', status: 'succeeded' })
 */
export function createMetrics(queueDepth: () => number, running: () => number, defaults = false): Metrics {
  const registry = new Registry();
  // prom-client's process/Node.js metrics under their usual names (process_resident_memory_bytes, nodejs_heap_*, …).
  if (defaults) collectDefaultMetrics({ register: registry });
  const buckets = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
  new Gauge({
    name: 'idflow_queue_depth',
    help: 'Runs waiting in the run queue.',
    registers: [registry],
    collect() {
      this.set(queueDepth());
    },
  });
  new Gauge({
    name: 'idflow_runs_running',
    help: 'Runs executing now.',
    registers: [registry],
    collect() {
      this.set(running());
    },
  });
  return {
    registry,
    runs: new Counter({
      name: 'idflow_runs_total',
      help: 'Finished runs by flow and final status.',
      labelNames: ['flow', 'status'],
      registers: [registry],
    }),
    runDuration: new Histogram({
      name: 'idflow_run_duration_seconds',
      help: 'Run duration.',
      labelNames: ['flow', 'status'],
      buckets,
      registers: [registry],
    }),
    stepDuration: new Histogram({
      name: 'idflow_step_duration_seconds',
      help: 'Step duration by node type.',
      labelNames: ['type', 'status'],
      buckets,
      registers: [registry],
    }),
    scimCalls: new Counter({
      name: 'idflow_scim_calls_total',
      help: 'SCIM HTTP calls by operation and status.',
      labelNames: ['operation', 'status'],
      registers: [registry],
    }),
    httpCalls: new Counter({
      name: 'idflow_http_calls_total',
      help: 'Other outbound HTTP calls from flows by method and status.',
      labelNames: ['method', 'status'],
      registers: [registry],
    }),
    webhookRequests: new Counter({
      name: 'idflow_webhook_requests_total',
      help: 'Webhook requests by response status.',
      labelNames: ['status'],
      registers: [registry],
    }),
    scheduleTicks: new Counter({
      name: 'idflow_schedule_ticks_total',
      help: 'Schedule ticks by outcome (started, queued, skipped, misfire).',
      labelNames: ['flow', 'outcome'],
      registers: [registry],
    }),
  };
}

/** `users.get`, `groups.patch`, `discover.serviceProviderConfig` from a SCIM request path below the base URL. */
export function scimOperation(method: string, relativePath: string): string {
  const parts = relativePath.split('?')[0]!.split('/').filter(Boolean);
  const resource = (parts[0] ?? 'root').toLowerCase();
  if (['serviceproviderconfig', 'resourcetypes', 'schemas'].includes(resource)) {
    const names: Record<string, string> = {
      serviceproviderconfig: 'serviceProviderConfig',
      resourcetypes: 'resourceTypes',
      schemas: 'schemas',
    };
    return `discover.${names[resource]}`;
  }
  if (resource === '.search' || parts[1] === '.search')
    return `${resource === '.search' ? 'root' : resource}.search`;
  if (resource === 'bulk') return 'bulk';
  const m = method.toUpperCase();
  const hasId = parts.length > 1;
  const verb =
    m === 'GET'
      ? hasId
        ? 'get'
        : 'list'
      : m === 'POST'
        ? 'create'
        : m === 'PUT'
          ? 'replace'
          : m === 'PATCH'
            ? 'patch'
            : m === 'DELETE'
              ? 'delete'
              : m.toLowerCase();
  return `${resource}.${verb}`;
}
