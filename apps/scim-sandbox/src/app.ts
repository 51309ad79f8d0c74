// createSandboxApp: builds the Express app (SCIM under /scim/v2, HR feed under /hr) from options; no listening here.
import express, { type NextFunction, type Request, type Response } from 'express';
import { badRequest, notFound, ScimError } from './errors';
import { requireToken, SCIM_PREFIX, sendError } from './http';
import { resolveOptions, type SandboxOptions } from './options';
import { bulkRouter } from './routes/bulk';
import type { AppContext } from './routes/context';
import { discoveryRouter } from './routes/discovery';
import { hrRouter } from './routes/hr';
import { usersGroupsRouter } from './routes/users-groups';
import { type SandboxStore, SandboxStoreImpl } from './store';

const GENERAL_BODY_LIMIT = 5 * 1024 * 1024;

/** Maps anything thrown by a route to a SCIM Error response. */
function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  sendError(res, toScimError(err));
}

function toScimError(err: unknown): ScimError {
  if (err instanceof ScimError) return err;
  const type = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : '';
  if (type === 'entity.parse.failed') return badRequest('invalidSyntax', 'the body is not valid JSON');
  if (type === 'entity.too.large') return new ScimError(413, 'the request body is too large');
  return new ScimError(500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Builds the sandbox app and its store. Mount it or listen yourself; `startSandbox` does both.
 * @example const { app, store } = createSandboxApp({ token: 'sandbox-token' });
 */
export function createSandboxApp(options: SandboxOptions): { app: express.Express; store: SandboxStore } {
  const resolved = resolveOptions(options);
  const store = new SandboxStoreImpl(options.seed ?? {}, resolved.features.etag, options.dataFile);
  const ctx: AppContext = { store, options: resolved };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Any content type is read as JSON: clients send application/scim+json, application/json or nothing useful.
  const json = (limit: number) => express.json({ type: () => true, limit });

  app.use('/hr', json(GENERAL_BODY_LIMIT), hrRouter(ctx));

  const scim = express.Router();
  scim.use(requireToken(resolved.token));
  scim.use(bulkRouter(ctx, json(resolved.bulkMaxPayloadSize)));
  scim.use(json(GENERAL_BODY_LIMIT));
  scim.use(discoveryRouter(ctx));
  scim.use(usersGroupsRouter(ctx));
  app.use(SCIM_PREFIX, scim);

  app.use((req, _res, next) => next(notFound(`no such endpoint: ${req.method} ${req.path}`)));
  app.use(errorHandler);
  return { app, store };
}
