/** Builds the runtime (Express app + services) from injected config, store, catalog and logger, apart from listening. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import { requireAdmin, requireMetricsToken, setupAdminToken } from './auth';
import { type Config, perFlowLimit } from './config';
import { type RuntimeCatalog, type RuntimeClock, type RuntimeContext, systemClock } from './context';
import { createEventBus } from './events-bus';
import { createConnectionResolver } from './executor/connection-resolver';
import { createRunService } from './executor/run-service';
import { createFlowService } from './flow-service';
import { assertDirectory, createFlowsDir } from './flows-dir/index';
import { createGuardedFetch } from './guarded-fetch';
import { ApiError, errorHandler } from './http/errors';
import type { Route } from './http/route';
import { cors, securityHeaders } from './http/security-headers';
import type { RuntimeLogger } from './logger';
import { createMetrics, scimOperation } from './metrics';
import { createInProcessQueue } from './queue/in-process-queue';
import type { RuntimeQueue } from './queue/run-queue';
import { allRoutes } from './routes/index';
import type { ScaleHealth } from './scale/scale-health';
import { createScheduler, type Scheduler } from './schedules/scheduler';
import { createCipher } from './secrets/cipher';
import { loadSecretKey } from './secrets/secret-key';
import { createSecretRegistry } from './secrets/secret-registry';
import type { Store } from './store/types';
import { createHookHandler } from './webhooks/hook-handler';
import { createHookIngress } from './webhooks/hook-ingress';

export interface CreateAppOptions {
  config: Config;
  /** An opened store. */
  store: Store;
  catalog: RuntimeCatalog;
  logger: RuntimeLogger;
  clock?: RuntimeClock;
  env?: NodeJS.ProcessEnv;
  /** Base fetch under the SSRF guard (tests may inject one). */
  fetch?: typeof fetch;
  /** The run queue (default: in-process with the config's limits). Main mode: a BullRunQueue. */
  queue?: RuntimeQueue;
  /** The scheduler (default: node-cron in this process). Main mode: BullMQ job schedulers. */
  scheduler?: Scheduler;
  /** Reachability of shared dependencies (Redis, PostgreSQL) for /healthz. */
  dependencies?: () => Promise<ScaleHealth>;
}

export interface RuntimeApp {
  /** The admin API, the editor and the long way for webhooks. */
  app: Express;
  /** The server's request listener: the raw webhook ingress first, Express for the rest. Serve this, not `app`. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  context: RuntimeContext;
  routes: readonly Route[];
  /** The generated admin token when one was created at this start (print it once), else undefined. */
  generatedAdminToken?: string;
  /** Recovers runs (single: running → interrupted, queued → resumed; main: queued without a job → enqueued), arms schedules, starts retention. */
  start(): Promise<void>;
  /** Stops taking work (503 on hooks), disarms schedules, waits for running runs up to the grace period. */
  shutdown(): Promise<{ drained: boolean }>;
}

/**
 * @example const rt = await createApp({ config, store, catalog, logger }); await rt.start(); createServer(rt.handler).listen(0)
 */
export async function createApp(opts: CreateAppOptions): Promise<RuntimeApp> {
  const { config, store, catalog, logger: log } = opts;
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? systemClock();
  const cipher = createCipher(await loadSecretKey(config.secretKey, config.dataDir, log));
  const secrets = createSecretRegistry(store, cipher, env);
  await secrets.refresh();
  const admin = { state: await setupAdminToken(store, config.adminToken) };
  if (config.adminToken) secrets.add(config.adminToken);
  if (admin.state.generated) secrets.add(admin.state.generated);

  // Late-bound so services can reach each other through one context object.
  let context!: RuntimeContext;
  const ctx = () => context;
  const runs = createRunService(ctx);
  const queue: RuntimeQueue =
    opts.queue ??
    createInProcessQueue({
      maxConcurrent: config.maxConcurrentRuns,
      maxPerFlow: perFlowLimit(config) ?? config.maxConcurrentRuns,
      maxDepth: config.maxQueueDepth,
      // The slot is held while the engine runs; the durable final save happens outside it (runs.idle()).
      worker: (runId, signal) => runs.executeInSlot(runId, signal),
      onError: (runId, err) => log.error({ err, runId }, 'run worker failed'),
    });
  const metrics = createMetrics(
    () => queue.depth(),
    () => queue.running(),
    true,
  );
  const connections = createConnectionResolver(store, cipher, env);
  const guardedFetch = createGuardedFetch({
    allowHosts: config.httpAllowHosts,
    denyPrivate: config.httpDenyPrivate ?? false,
    baseFetch: opts.fetch,
    onCall: ({ method, url, status }) => {
      const base = connections.scimBaseFor(url.href);
      if (base) {
        const rel = url.href.slice(base.length);
        metrics.scimCalls.inc({ operation: scimOperation(method, rel), status: String(status) });
      } else metrics.httpCalls.inc({ method, status: String(status) });
    },
  });
  const baseFlows = createFlowService(ctx);
  if (config.flowsDir) await assertDirectory(config.flowsDir);
  const flowsDir = config.flowsDir ? createFlowsDir(ctx, baseFlows, config.flowsDir) : undefined;
  context = {
    config,
    store,
    catalog,
    log,
    clock,
    env,
    cipher,
    secrets,
    admin,
    bus: createEventBus((err) => log.error({ err }, 'event listener failed')),
    metrics,
    queue,
    connections,
    fetch: guardedFetch,
    runs,
    flows: flowsDir?.service ?? baseFlows,
    flowsDir,
    scheduler: opts.scheduler ?? createScheduler(ctx),
    lifecycle: { shuttingDown: false },
    ...(opts.dependencies ? { dependencies: opts.dependencies } : {}),
  };

  const handleHook = createHookHandler(context);
  const routes = allRoutes(context, handleHook);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());
  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      if (req.path.startsWith('/hooks/')) metrics.webhookRequests.inc({ status: String(res.statusCode) });
      if (log.isLevelEnabled('debug')) {
        const ms = Math.round(performance.now() - started);
        log.debug({ method: req.method, path: req.path, status: res.statusCode, ms }, 'request');
      }
    });
    next();
  });
  if (config.corsOrigins.length > 0) app.use('/api', cors(config.corsOrigins));
  const json = express.json({ limit: '5mb' });
  const raw = express.raw({ type: () => true, limit: config.webhookMaxBody });
  const adminOnly = requireAdmin(() => admin.state);
  const auth: Record<Route['auth'], RequestHandler[]> = {
    admin: [adminOnly, json],
    adminOrQuery: [requireAdmin(() => admin.state, true)],
    none: [],
    webhook: [raw],
    metrics: [requireMetricsToken(config.metricsToken)],
  };
  // Webhooks first: the router tries layers in order, so the hot path does not test every API route's pattern.
  const ordered = [
    ...routes.filter((r) => r.auth === 'webhook'),
    ...routes.filter((r) => r.auth !== 'webhook'),
  ];
  for (const r of ordered) app[r.method](r.path, ...auth[r.auth], (req, res) => r.handle(req, res));
  app.use('/api', adminOnly, () => {
    throw new ApiError('NOT_FOUND', 'No such API route: GET /api/v1/openapi.json lists them.');
  });
  app.use('/hooks', () => {
    throw new ApiError('NOT_FOUND', 'Webhooks are POST /hooks/<path>.');
  });
  serveEditor(app, config.editorDir);
  app.use(errorHandler(log));

  let retentionTimer: NodeJS.Timeout | undefined;
  const prune = async () => {
    try {
      const removed = await store.pruneRuns(
        { maxRunsPerFlow: config.retentionMaxRuns, maxAgeDays: config.retentionMaxAgeDays },
        new Date(clock.now()),
      );
      if (removed > 0) log.info({ removed }, 'retention pruned old runs');
    } catch (err) {
      log.error({ err }, 'retention failed');
    }
  };

  const hookIngress = createHookIngress(context, handleHook);
  return {
    app,
    handler: (req, res) => {
      if (!hookIngress(req, res)) app(req, res);
    },
    context,
    routes,
    generatedAdminToken: admin.state.generated,
    async start() {
      const { interrupted, resumed } = await runs.recover();
      if (interrupted || resumed) log.info({ interrupted, resumed }, 'recovered runs from the last start');
      await context.scheduler.start();
      await flowsDir?.start();
      await prune();
      retentionTimer = setInterval(prune, config.retentionIntervalMinutes * 60_000);
      retentionTimer.unref();
    },
    async shutdown() {
      context.lifecycle.shuttingDown = true;
      clearInterval(retentionTimer);
      await flowsDir?.stop();
      context.scheduler.stop();
      const started = Date.now();
      const drained = await queue.drain(config.shutdownGraceMs);
      // Final records of runs that already gave their slot back are still being written: wait for them too.
      const saved = await runs.idle(Math.max(1_000, config.shutdownGraceMs - (Date.now() - started)));
      return { drained: drained && saved };
    },
  };
}

/** The built editor at `/`, with SPA fallback to index.html for client-side routes. */
function serveEditor(app: Express, dir: string): void {
  const index = path.join(dir, 'index.html');
  app.use(express.static(dir, { index: 'index.html', fallthrough: true, redirect: false }));
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (/^\/(api|hooks|metrics|healthz)(\/|$)/.test(req.path)) return next();
    // No sync file check per request: a missing build shows up as sendFile's ENOENT.
    res.sendFile(index, (err?: NodeJS.ErrnoException) => {
      if (!err) return;
      if (err.code !== 'ENOENT' || res.headersSent) return next(err);
      res
        .status(404)
        .type('text/plain')
        .send(`The editor is not built (no ${index}). Run: npx -y pnpm@12.4.2 --filter @idflow/editor build`);
    });
  });
  app.use((_req, _res) => {
    throw new ApiError('NOT_FOUND', 'Not found.');
  });
}
