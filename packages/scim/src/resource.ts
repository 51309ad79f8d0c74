// CRUD, query and pagination for one resource endpoint (`/Users`, `/Groups`).

import { MESSAGE_PATCH_OP } from './constants';
import type { DiscoveryCache } from './discovery';
import { ScimClientError, ScimError, ScimHttpError } from './errors';
import { f } from './filter';
import type { HttpClient, HttpResponse } from './http';
import { normaliseList, normaliseResource } from './normalise';
import { toPutBody } from './patch';
import { assertAttrPath } from './path';
import { isRecord } from './response';
import { isSearchUnsupported, PostSearch } from './search';
import type {
  GetOptions,
  IterateOptions,
  ListOptions,
  ListResponse,
  PatchOperation,
  RequestOptions,
  ScimResource,
  SearchMethod,
  UpdateStyle,
  WriteOptions,
} from './types';
import { runUpdate } from './update';

export interface ResourceContext {
  http: HttpClient;
  discovery: DiscoveryCache;
  updateStyle: UpdateStyle;
  search: SearchMethod;
  /** Bound on ETag (412) re-read-and-retry loops. */
  attempts: number;
}

const attrList = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(assertAttrPath);

function projection(opts: GetOptions): Record<string, string | undefined> {
  return {
    attributes: attrList(opts.attributes)?.join(','),
    excludedAttributes: attrList(opts.excludedAttributes)?.join(','),
  };
}

export class ResourceApi<T extends ScimResource> {
  /** Set with `search: 'post'`. */
  private readonly postSearch: PostSearch | undefined;

  constructor(
    protected readonly ctx: ResourceContext,
    /** `/Users` or `/Groups`. */
    readonly endpoint: string,
    /** Used in `onCall` operation names: `users`, `groups`. */
    readonly kind: string,
    /** Core schema URN added to bodies without `schemas`. */
    readonly schema: string,
    /** Attribute used to find a created resource whose response lacked an id. */
    readonly naturalKey: string,
  ) {
    this.postSearch = ctx.search === 'post' ? new PostSearch(ctx.http, endpoint, this.op('list')) : undefined;
  }

  protected pathOf(id: string): string {
    if (typeof id !== 'string' || id === '')
      throw new ScimClientError('SCIM_INVALID_ARGUMENT', 'id must be a string');
    return `${this.endpoint}/${encodeURIComponent(id)}`;
  }

  protected op(name: string): string {
    return `${this.kind}.${name}`;
  }

  /** GET by id. A 404 throws ScimError with status 404. */
  async get(id: string, opts: GetOptions = {}): Promise<T> {
    const res = await this.ctx.http.request({
      method: 'GET',
      path: this.pathOf(id),
      operation: this.op('get'),
      query: projection(opts),
      signal: opts.signal,
    });
    return normaliseResource<T>(res.body);
  }

  /** GET by id, or null on 404. */
  async getOrNull(id: string, opts: GetOptions = {}): Promise<T | null> {
    try {
      return await this.get(id, opts);
    } catch (error) {
      if ((error instanceof ScimError || error instanceof ScimHttpError) && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * Query, by GET or (with `search: 'post'`) POST `.search`. A 404 with a SCIM Error body for a filtered query
   * counts as "no match".
   */
  async list(opts: ListOptions = {}): Promise<ListResponse<T>> {
    const startIndex = opts.startIndex ?? 1;
    const filter = opts.filter === undefined ? undefined : String(opts.filter);
    const sortBy = opts.sortBy === undefined ? undefined : assertAttrPath(opts.sortBy);
    try {
      const res = this.postSearch
        ? await this.postSearch.search(
            {
              filter,
              startIndex: opts.startIndex,
              count: opts.count,
              attributes: attrList(opts.attributes),
              excludedAttributes: attrList(opts.excludedAttributes),
              sortBy,
              sortOrder: opts.sortOrder,
            },
            opts.signal,
          )
        : await this.ctx.http.request({
            method: 'GET',
            path: this.endpoint,
            operation: this.op('list'),
            query: {
              filter,
              ...projection(opts),
              sortBy,
              sortOrder: opts.sortOrder,
              startIndex: opts.startIndex,
              count: opts.count,
            },
            signal: opts.signal,
          });
      return normaliseList<T>(res.body, startIndex);
    } catch (error) {
      const noMatch = error instanceof ScimError && error.status === 404 && !isSearchUnsupported(error);
      if (filter !== undefined && noMatch) {
        return { totalResults: 0, startIndex, itemsPerPage: 0, resources: [] };
      }
      throw error;
    }
  }

  /**
   * Every match, page by page. Advances by the number of resources actually returned and stops on an empty
   * page or once past totalResults. A server that ignores startIndex (a page starting with an id already seen
   * as a page's first id) ends the iteration with ScimClientError `SCIM_PAGINATION_STUCK` rather than
   * silently returning a partial set.
   */
  async *iterate(opts: IterateOptions = {}): AsyncIterable<T> {
    const { pageSize, ...rest } = opts;
    const count = pageSize ?? opts.count ?? 100;
    let startIndex = Math.max(1, opts.startIndex ?? 1);
    const firstIds = new Set<string>();
    for (;;) {
      const page = await this.list({ ...rest, startIndex, count });
      const { resources } = page;
      if (resources.length === 0) return;
      const firstId = resources[0]?.id;
      if (typeof firstId === 'string') {
        if (firstIds.has(firstId)) {
          throw new ScimClientError(
            'SCIM_PAGINATION_STUCK',
            `${this.endpoint}: page at startIndex ${startIndex} repeats an earlier page; the server ignores startIndex`,
          );
        }
        firstIds.add(firstId);
      }
      for (const resource of resources) yield resource;
      startIndex += resources.length;
      if (startIndex > page.totalResults) return;
    }
  }

  /** POST. Accepts 200 or 201; reads the resource back when the body lacks an id. 409 → scimType uniqueness. */
  async create(resource: T, opts: RequestOptions = {}): Promise<T> {
    const body = { ...resource, schemas: resource.schemas?.length ? resource.schemas : [this.schema] };
    let res: HttpResponse;
    try {
      res = await this.ctx.http.request({
        method: 'POST',
        path: this.endpoint,
        operation: this.op('create'),
        body,
        signal: opts.signal,
      });
    } catch (error) {
      if (error instanceof ScimError && error.status === 409) {
        throw new ScimError(409, error.scimType ?? 'uniqueness', error.detail);
      }
      if (error instanceof ScimHttpError && error.status === 409)
        throw new ScimError(409, 'uniqueness', error.body);
      throw error;
    }
    if (isRecord(res.body) && typeof res.body.id === 'string' && res.body.id !== '') {
      return normaliseResource<T>(res.body);
    }
    return this.readBack(res, resource, opts.signal);
  }

  private async readBack(res: HttpResponse, sent: T, signal?: AbortSignal): Promise<T> {
    const location = res.headers.get('location') ?? (isRecord(res.body) ? res.body.meta : undefined);
    const href = typeof location === 'string' ? location : isRecord(location) ? location.location : undefined;
    if (typeof href === 'string' && this.ctx.http.resolve(href)) {
      const got = await this.ctx.http.request({
        method: 'GET',
        path: href,
        operation: this.op('get'),
        signal,
      });
      return normaliseResource<T>(got.body);
    }
    const key = sent[this.naturalKey];
    if (typeof key === 'string') {
      const found = await this.list({ filter: f.eq(this.naturalKey, key), count: 2, signal });
      if (found.resources.length === 1) return found.resources[0]!;
    }
    throw new ScimClientError(
      'SCIM_INVALID_RESPONSE',
      `${this.endpoint}: created, but the response has no id`,
    );
  }

  /**
   * PUT the whole resource (id, meta and groups are left out). 200 with a body, or 204 then GET.
   * If-Match is `opts.etag`, else `resource.meta.version` when the service supports ETags.
   */
  async replace(id: string, resource: T, opts: WriteOptions = {}): Promise<T> {
    let etag = opts.etag;
    const version = resource.meta?.version;
    if (etag === undefined && typeof version === 'string') {
      if ((await this.ctx.discovery.capabilities({ signal: opts.signal })).etag) etag = version;
    }
    const res = await this.ctx.http.request({
      method: 'PUT',
      path: this.pathOf(id),
      operation: this.op('replace'),
      body: toPutBody(resource, this.schema),
      ifMatch: etag,
      signal: opts.signal,
    });
    return this.resultOrGet(id, res, opts.signal);
  }

  /** PATCH with the given operations (`op` is sent in lowercase). 200 with a body, or 204 then GET. */
  async patch(id: string, operations: PatchOperation[], opts: WriteOptions = {}): Promise<T> {
    if (operations.length === 0) return this.get(id, { signal: opts.signal });
    const res = await this.sendPatch(id, operations, opts);
    return this.resultOrGet(id, res, opts.signal);
  }

  /** PATCH without reading the result back (for membership changes on large groups). */
  protected sendPatch(id: string, operations: PatchOperation[], opts: WriteOptions): Promise<HttpResponse> {
    return this.ctx.http.request({
      method: 'PATCH',
      path: this.pathOf(id),
      operation: this.op('patch'),
      body: {
        schemas: [MESSAGE_PATCH_OP],
        Operations: operations.map((o) => ({ ...o, op: o.op.toLowerCase() })),
      },
      ifMatch: opts.etag,
      signal: opts.signal,
    });
  }

  /** Sets attributes to desired values, honouring `updateStyle`, discovery, ETags and 412 retries. */
  update(id: string, changes: Record<string, unknown>, opts: RequestOptions = {}): Promise<T> {
    return runUpdate(this, this.ctx, id, changes, opts.signal);
  }

  /** DELETE. A 404 throws ScimError with status 404. */
  async delete(id: string, opts: RequestOptions = {}): Promise<void> {
    await this.ctx.http.request({
      method: 'DELETE',
      path: this.pathOf(id),
      operation: this.op('delete'),
      signal: opts.signal,
    });
  }

  private async resultOrGet(id: string, res: HttpResponse, signal?: AbortSignal): Promise<T> {
    if (isRecord(res.body) && typeof res.body.id === 'string') return normaliseResource<T>(res.body);
    return this.get(id, { signal });
  }
}
