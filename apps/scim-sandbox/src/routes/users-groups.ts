// /Users and /Groups: query, create, get, replace, patch, delete, `.search` (RFC 7644 §3.3-§3.6) and `/.search`.
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { badRequest, ScimError } from '../errors';
import { baseUrl, checkIfMatch, notModified, sendScim } from '../http';
import { createResource, deleteResource, findStored, patchResource, replaceResource } from '../mutations';
import { parseAttrList, project } from '../projection';
import { parseQueryParams, runQuery } from '../query';
import { render } from '../resource/render';
import { RESOURCE_TYPES } from '../schema/defs';
import type { Obj } from '../schema/resolve';
import type { ResourceTypeDef } from '../schema/types';
import type { AppContext } from './context';

const bodySchema = z.record(z.string(), z.unknown());
const patchSchema = z.object({
  schemas: z.array(z.string()).optional(),
  Operations: z.array(
    z.object({ op: z.string(), path: z.string().optional(), value: z.unknown().optional() }),
  ),
});

export function objectBody(req: Request): Obj {
  const parsed = bodySchema.safeParse(req.body);
  if (!parsed.success) throw badRequest('invalidSyntax', 'the request body must be a JSON object');
  return parsed.data;
}

const projectionOf = (req: Request) => ({
  attributes: parseAttrList(req.query.attributes),
  excludedAttributes: parseAttrList(req.query.excludedAttributes),
});

/** Registers the routes of one resource type on `router`. */
function resourceRoutes(router: Router, rt: ResourceTypeDef, ctx: AppContext): void {
  const { store, options } = ctx;
  const limits = () => ({ maxResults: options.filterMaxResults, sort: options.features.sort });
  const etagOn = options.features.etag;
  const current = (req: Request, id: string) =>
    render(rt, findStored(store, rt, id), store.env(baseUrl(req)));
  const respond = (req: Request, res: Response, status: number, resource: Obj) => {
    const meta = resource.meta as Obj;
    const headers: Record<string, string> = {};
    if (etagOn && typeof meta.version === 'string') headers.ETag = meta.version;
    if (status === 201) headers.Location = String(meta.location);
    sendScim(res, status, project(rt, resource, projectionOf(req)), headers);
  };
  const precondition = (req: Request, id: string) => {
    if (etagOn) checkIfMatch(req.get('if-match'), (current(req, id).meta as Obj).version);
  };
  const id = (req: Request): string => String(req.params.id);
  const search = (req: Request, res: Response, input: unknown) => {
    const env = store.env(baseUrl(req));
    const items = store.items(rt).map((r) => render(rt, r, env));
    sendScim(res, 200, runQuery([[rt, items]], parseQueryParams(input), limits()));
  };

  router.get(rt.endpoint, (req, res) => search(req, res, req.query));
  router.post(`${rt.endpoint}/.search`, (req, res) => search(req, res, objectBody(req)));
  router.post(rt.endpoint, (req, res) => {
    const stored = createResource(store, rt, objectBody(req));
    respond(req, res, 201, render(rt, stored, store.env(baseUrl(req))));
  });
  router.get(`${rt.endpoint}/:id`, (req, res) => {
    const resource = current(req, id(req));
    const version = (resource.meta as Obj).version;
    if (etagOn && notModified(req.get('if-none-match'), version)) {
      res.status(304).set('ETag', String(version)).end();
      return;
    }
    respond(req, res, 200, resource);
  });
  router.put(`${rt.endpoint}/:id`, (req, res) => {
    precondition(req, id(req));
    const stored = replaceResource(store, rt, id(req), objectBody(req));
    respond(req, res, 200, render(rt, stored, store.env(baseUrl(req))));
  });
  router.patch(`${rt.endpoint}/:id`, (req, res) => {
    if (!options.features.patch) throw new ScimError(501, 'PATCH is not supported by this service provider');
    precondition(req, id(req));
    const parsed = patchSchema.safeParse(req.body);
    if (!parsed.success)
      throw badRequest('invalidSyntax', 'the body must be a PatchOp with an Operations array');
    const stored = patchResource(store, rt, id(req), parsed.data.Operations);
    const resource = render(rt, stored, store.env(baseUrl(req)));
    const wantsBody = req.query.attributes !== undefined || req.query.excludedAttributes !== undefined;
    // Groups answer 204 (Entra's recommendation, and members lists can be big); users answer 200 with the resource.
    if (rt.id === 'Group' && !wantsBody) {
      res
        .status(204)
        .set(etagOn ? { ETag: String((resource.meta as Obj).version) } : {})
        .end();
      return;
    }
    respond(req, res, 200, resource);
  });
  router.delete(`${rt.endpoint}/:id`, (req, res) => {
    precondition(req, id(req));
    deleteResource(store, rt, id(req));
    res.status(204).end();
  });
}

/** The /Users, /Groups, /.search and /Me routes. */
export function usersGroupsRouter(ctx: AppContext): Router {
  const router = Router();
  router.post('/.search', (req, res) => {
    const env = ctx.store.env(baseUrl(req));
    const sources = RESOURCE_TYPES.map((rt): [ResourceTypeDef, Obj[]] => [
      rt,
      ctx.store.items(rt).map((r) => render(rt, r, env)),
    ]);
    const limits = { maxResults: ctx.options.filterMaxResults, sort: ctx.options.features.sort };
    sendScim(res, 200, runQuery(sources, parseQueryParams(objectBody(req)), limits));
  });
  router.all('/Me', () => {
    throw new ScimError(501, '/Me is not supported: the bearer token is not tied to a User');
  });
  for (const rt of RESOURCE_TYPES) resourceRoutes(router, rt, ctx);
  return router;
}
