// POST /Bulk (RFC 7644 §3.7): bulkId resolution in any order (circular member references too), failOnErrors, 413 limits.
import { type Request, type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { badRequest, ScimError } from '../errors';
import { baseUrl, checkIfMatch, sendScim } from '../http';
import { createResource, deleteResource, findStored, patchResource, replaceResource } from '../mutations';
import { render } from '../resource/render';
import { RESOURCE_TYPES } from '../schema/defs';
import { isObj, type Obj } from '../schema/resolve';
import type { ResourceTypeDef } from '../schema/types';
import { BULK_RESPONSE_URN } from '../urns';
import type { AppContext } from './context';

const bulkSchema = z.object({
  schemas: z.array(z.string()).optional(),
  failOnErrors: z.number().int().min(1).optional(),
  Operations: z.array(
    z.object({
      method: z.string(),
      bulkId: z.string().optional(),
      version: z.string().optional(),
      path: z.string(),
      data: z.unknown().optional(),
    }),
  ),
});
const patchDataSchema = z.object({
  Operations: z.array(
    z.object({ op: z.string(), path: z.string().optional(), value: z.unknown().optional() }),
  ),
});
type BulkOp = z.infer<typeof bulkSchema>['Operations'][number];

/** A reference is a whole value (`bulkId:x`) or a path's last segment (`/Users/bulkId:x`). */
const REF = /(^|\/)bulkId:([^/]+)$/;

function refsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    const m = REF.exec(value);
    if (m?.[2]) out.add(m[2]);
  } else if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (isObj(value)) for (const v of Object.values(value)) refsIn(v, out);
  return out;
}

function substitute(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const m = REF.exec(value);
    if (!m?.[2]) return value;
    const id = ids.get(m[2]);
    if (!id) throw new ScimError(409, `bulkId ${JSON.stringify(m[2])} could not be resolved`, 'invalidValue');
    return value.slice(0, m.index) + (m[1] ?? '') + id;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, ids));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, ids)]));
  return value;
}

/** Removes multi-valued elements (such as members) that still hold unresolved references; returns what it removed. */
function stripUnresolved(
  data: Obj,
  ids: Map<string, string>,
): { data: Obj; later: Array<[string, unknown[]]> } {
  const later: Array<[string, unknown[]]> = [];
  const out: Obj = { ...data };
  for (const [key, value] of Object.entries(data)) {
    if (!Array.isArray(value)) continue;
    const pending = value.filter((el) => [...refsIn(el)].some((r) => !ids.has(r)));
    if (!pending.length) continue;
    out[key] = value.filter((el) => !pending.includes(el));
    later.push([key, pending]);
  }
  return { data: out, later };
}

function parsePath(path: string): { rt: ResourceTypeDef; id?: string } {
  const m = /^\/?(Users|Groups)(?:\/([^/]+))?\/?$/i.exec(path.trim());
  const rt = m && RESOURCE_TYPES.find((t) => t.endpoint.toLowerCase() === `/${m[1]?.toLowerCase()}`);
  if (!m || !rt) throw badRequest('invalidPath', `unsupported bulk path ${JSON.stringify(path)}`);
  return { rt, id: m[2] === undefined ? undefined : decodeURIComponent(m[2]) };
}

/** 413 before parsing when Content-Length already exceeds maxPayloadSize (RFC 7644 §3.7.4). */
function sizeGuard(ctx: AppContext): RequestHandler {
  return (req, _res, next) => {
    const { features, bulkMaxPayloadSize } = ctx.options;
    const length = Number(req.get('content-length') ?? 0);
    if (features.bulk && length > bulkMaxPayloadSize)
      throw new ScimError(
        413,
        `Bulk payload of ${length} bytes exceeds maxPayloadSize ${bulkMaxPayloadSize}`,
      );
    next();
  };
}

export function bulkRouter(ctx: AppContext, jsonParser: RequestHandler): Router {
  const router = Router();
  const { store, options } = ctx;

  router.post('/Bulk', sizeGuard(ctx), jsonParser, (req: Request, res) => {
    if (!options.features.bulk) throw new ScimError(501, 'Bulk is not supported by this service provider');
    const parsed = bulkSchema.safeParse(req.body);
    if (!parsed.success)
      throw badRequest('invalidSyntax', 'the body must be a BulkRequest with an Operations array');
    const { Operations: ops, failOnErrors } = parsed.data;
    if (ops.length > options.bulkMaxOperations)
      throw new ScimError(
        413,
        `Bulk holds ${ops.length} operations; maxOperations is ${options.bulkMaxOperations}`,
      );
    const env = store.env(baseUrl(req));
    const ids = new Map<string, string>();
    const declared = new Set(
      ops.filter((o) => o.method.toUpperCase() === 'POST' && o.bulkId).map((o) => o.bulkId),
    );
    const failed = new Set<string>();
    const results = new Map<number, Obj>();
    const fixups: Array<{ rt: ResourceTypeDef; id: string; later: Array<[string, unknown[]]> }> = [];
    let errors = 0;

    const execute = (op: BulkOp, strip: boolean): Obj => {
      const method = op.method.toUpperCase();
      const base: Obj = { method, ...(op.bulkId ? { bulkId: op.bulkId } : {}) };
      try {
        const target = parsePath(String(substitute(op.path, ids)));
        if (method === 'POST') {
          if (target.id) throw badRequest('invalidPath', 'POST takes a collection path such as /Users');
          if (!op.bulkId) throw badRequest('invalidValue', 'POST operations need a bulkId');
          if (!isObj(op.data)) throw badRequest('invalidSyntax', 'POST needs an object in data');
          const { data, later } = strip ? stripUnresolved(op.data, ids) : { data: op.data, later: [] };
          const created = createResource(store, target.rt, substitute(data, ids) as Obj);
          ids.set(op.bulkId, String(created.id));
          if (later.length) fixups.push({ rt: target.rt, id: String(created.id), later });
          const out = render(target.rt, created, env);
          return {
            ...base,
            location: (out.meta as Obj).location,
            version: (out.meta as Obj).version,
            status: '201',
          };
        }
        const data = substitute(op.data, ids);
        if (!target.id)
          throw badRequest('invalidPath', `${method} needs a resource path such as /Users/{id}`);
        const id = target.id;
        if (options.features.etag)
          checkIfMatch(
            op.version,
            (render(target.rt, findStored(store, target.rt, id), env).meta as Obj).version,
          );
        const location = `${env.base}${target.rt.endpoint}/${id}`;
        if (method === 'DELETE') {
          deleteResource(store, target.rt, id);
          return { ...base, location, status: '204' };
        }
        let stored: Obj;
        if (method === 'PUT') {
          if (!isObj(data)) throw badRequest('invalidSyntax', 'PUT needs an object in data');
          stored = replaceResource(store, target.rt, id, data);
        } else if (method === 'PATCH') {
          if (!options.features.patch)
            throw new ScimError(501, 'PATCH is not supported by this service provider');
          const body = patchDataSchema.safeParse(data);
          if (!body.success) throw badRequest('invalidSyntax', 'PATCH needs a PatchOp in data');
          stored = patchResource(store, target.rt, id, body.data.Operations);
        } else throw badRequest('invalidSyntax', `unsupported bulk method ${JSON.stringify(op.method)}`);
        return {
          ...base,
          location,
          version: (render(target.rt, stored, env).meta as Obj).version,
          status: '200',
        };
      } catch (e) {
        const err =
          e instanceof ScimError ? e : new ScimError(500, e instanceof Error ? e.message : String(e));
        errors++;
        if (op.bulkId && method === 'POST') failed.add(op.bulkId);
        return { ...base, status: String(err.status), response: err.toBody() };
      }
    };

    const waiting = (op: BulkOp) =>
      [...refsIn([op.path, op.data])].some((r) => !ids.has(r) && declared.has(r) && !failed.has(r));
    let remaining = ops.map((_, i) => i);
    const stop = () => failOnErrors !== undefined && errors >= failOnErrors;
    while (remaining.length && !stop()) {
      const ready = remaining.filter((i) => !waiting(ops[i] as BulkOp));
      // Circular references: create the first waiting POST without its unresolved member values, add them later.
      const batch = ready.length ? ready : remaining.slice(0, 1);
      for (const i of batch) {
        if (stop()) break;
        results.set(i, execute(ops[i] as BulkOp, !ready.length));
        remaining = remaining.filter((r) => r !== i);
      }
    }
    for (const fix of fixups) {
      for (const [path, values] of fix.later) {
        try {
          patchResource(store, fix.rt, fix.id, [{ op: 'add', path, value: substitute(values, ids) }]);
        } catch {
          // The referenced resource failed; the operation that created this one already succeeded.
        }
      }
    }
    const Operations = [...results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    sendScim(res, 200, { schemas: [BULK_RESPONSE_URN], Operations });
  });
  return router;
}
