// Discovery endpoints (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes, /Schemas — reflecting the feature switches.
import { type Request, Router } from 'express';
import { notFound, ScimError } from '../errors';
import { baseUrl, sendScim } from '../http';
import { RESOURCE_TYPES, SCHEMAS } from '../schema/defs';
import type { Obj } from '../schema/resolve';
import { LIST_RESPONSE_URN, RESOURCE_TYPE_URN, SCHEMA_URN, SPC_URN } from '../urns';
import type { AppContext } from './context';

const list = (resources: Obj[]): Obj => ({
  schemas: [LIST_RESPONSE_URN],
  totalResults: resources.length,
  itemsPerPage: resources.length,
  startIndex: 1,
  Resources: resources,
});

/** RFC 7644 §4: discovery endpoints SHOULD answer 403 to a filter. */
function noFilter(req: Request): void {
  if (req.query.filter !== undefined)
    throw new ScimError(403, 'Discovery endpoints do not support filtering');
}

export function discoveryRouter(ctx: AppContext): Router {
  const router = Router();
  const { features, bulkMaxOperations, bulkMaxPayloadSize, filterMaxResults } = ctx.options;

  const resourceTypes = (base: string): Obj[] =>
    RESOURCE_TYPES.map((rt) => ({
      schemas: [RESOURCE_TYPE_URN],
      id: rt.id,
      name: rt.name,
      endpoint: rt.endpoint,
      description: rt.description,
      schema: rt.schema,
      schemaExtensions: rt.extensions.map((schema) => ({ schema, required: false })),
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${rt.id}` },
    }));
  const schemas = (base: string): Obj[] =>
    SCHEMAS.map((s) => ({
      schemas: [SCHEMA_URN],
      ...structuredClone(s),
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` },
    }));

  router.get('/ServiceProviderConfig', (req, res) => {
    noFilter(req);
    sendScim(res, 200, {
      schemas: [SPC_URN],
      documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
      patch: { supported: features.patch },
      bulk: {
        supported: features.bulk,
        maxOperations: bulkMaxOperations,
        maxPayloadSize: bulkMaxPayloadSize,
      },
      filter: { supported: true, maxResults: filterMaxResults },
      changePassword: { supported: false },
      sort: { supported: features.sort },
      etag: { supported: features.etag },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: 'Authentication with the sandbox bearer token (Authorization: Bearer <token>)',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl(req)}/ServiceProviderConfig` },
    });
  });
  router.get('/ResourceTypes', (req, res) => {
    noFilter(req);
    sendScim(res, 200, list(resourceTypes(baseUrl(req))));
  });
  router.get('/ResourceTypes/:id', (req, res) => {
    const found = resourceTypes(baseUrl(req)).find(
      (r) => String(r.id).toLowerCase() === req.params.id.toLowerCase(),
    );
    if (!found) throw notFound(`ResourceType ${JSON.stringify(req.params.id)} not found`);
    sendScim(res, 200, found);
  });
  router.get('/Schemas', (req, res) => {
    noFilter(req);
    sendScim(res, 200, list(schemas(baseUrl(req))));
  });
  router.get('/Schemas/:id', (req, res) => {
    const found = schemas(baseUrl(req)).find(
      (s) => String(s.id).toLowerCase() === req.params.id.toLowerCase(),
    );
    if (!found) throw notFound(`Schema ${JSON.stringify(req.params.id)} not found`);
    sendScim(res, 200, found);
  });
  return router;
}
