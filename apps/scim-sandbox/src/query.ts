// Query execution: filter, sort and index pagination (RFC 7644 §3.4.2) into a ListResponse.
import { z } from 'zod';
import { badRequest } from './errors';
import { checkFilter, matches } from './filter/evaluate';
import { parseFilter } from './filter/parser';
import { type Projection, parseAttrList, project } from './projection';
import { holderOf, isObj, type Obj, resolvePath } from './schema/resolve';
import type { ResourceTypeDef } from './schema/types';
import { LIST_RESPONSE_URN } from './urns';

export interface QueryParams extends Projection {
  filter?: string;
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
  startIndex?: number;
  count?: number;
}

export interface QueryLimits {
  maxResults: number;
  sort: boolean;
}

const intLike = z
  .union([z.number(), z.string().regex(/^\s*[-+]?\d+\s*$/)])
  .transform((v) => Math.trunc(Number(v)));
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

const paramsSchema = z.object({
  filter: z.preprocess(first, z.string().optional()),
  sortBy: z.preprocess(first, z.string().optional()),
  sortOrder: z.preprocess(
    (v) => (typeof first(v) === 'string' ? String(first(v)).toLowerCase() : first(v)),
    z.enum(['ascending', 'descending']).optional(),
  ),
  startIndex: z.preprocess(first, intLike.optional()),
  count: z.preprocess(first, intLike.optional()),
  attributes: z.unknown().optional(),
  excludedAttributes: z.unknown().optional(),
});

/** Validates query-string or SearchRequest parameters; throws 400 invalidValue on bad ones. */
export function parseQueryParams(input: unknown): QueryParams {
  const parsed = paramsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest('invalidValue', `invalid query parameter '${issue?.path.join('.')}': ${issue?.message}`);
  }
  const { attributes, excludedAttributes, ...rest } = parsed.data;
  return {
    ...rest,
    attributes: parseAttrList(attributes),
    excludedAttributes: parseAttrList(excludedAttributes),
  };
}

function sortValue(rt: ResourceTypeDef, resource: Obj, path: string): string | number | undefined {
  const resolved = resolvePath(rt, path);
  if (!resolved?.attr) return undefined;
  let value = holderOf(resource, resolved, false)?.[resolved.attr.name];
  if (Array.isArray(value)) value = value.find((v) => isObj(v) && v.primary === true) ?? value[0];
  const def = resolved.sub ?? resolved.attr;
  if (isObj(value)) value = value[resolved.sub?.name ?? 'value'];
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  if (def.type === 'dateTime' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return def.caseExact ? value : value.toLowerCase();
}

function sortResources(
  rt: ResourceTypeDef,
  list: Obj[],
  sortBy: string,
  order: 'ascending' | 'descending',
): Obj[] {
  const keyed = list.map((r, i) => ({ r, i, k: sortValue(rt, r, sortBy) }));
  keyed.sort((a, b) => {
    // Missing values sort last ascending (and so first descending); ties keep insertion order.
    if (a.k === b.k) return a.i - b.i;
    if (a.k === undefined) return order === 'ascending' ? 1 : -1;
    if (b.k === undefined) return order === 'ascending' ? -1 : 1;
    const cmp = a.k < b.k ? -1 : 1;
    return order === 'ascending' ? cmp : -cmp;
  });
  return keyed.map((x) => x.r);
}

/**
 * Runs a query over rendered resources of one or more types and builds the ListResponse.
 * `startIndex` < 1 counts as 1; negative `count` as 0; `count` is capped at `limits.maxResults`.
 * @example runQuery([[USER_TYPE, users]], { filter: 'userName eq "a"' }, { maxResults: 200, sort: true })
 */
export function runQuery(
  sources: Array<[ResourceTypeDef, Obj[]]>,
  params: QueryParams,
  limits: QueryLimits,
): Obj {
  const filter = params.filter?.trim() ? parseFilter(params.filter) : undefined;
  const results: Array<[ResourceTypeDef, Obj]> = [];
  for (const [rt, items] of sources) {
    if (filter) checkFilter(rt, filter);
    let list = filter ? items.filter((r) => matches(rt, r, filter)) : items;
    if (params.sortBy && limits.sort)
      list = sortResources(rt, list, params.sortBy, params.sortOrder ?? 'ascending');
    for (const r of list) results.push([rt, r]);
  }
  const startIndex = Math.max(1, params.startIndex ?? 1);
  const count = Math.min(Math.max(0, params.count ?? limits.maxResults), limits.maxResults);
  const page = results.slice(startIndex - 1, startIndex - 1 + count).map(([rt, r]) => project(rt, r, params));
  return {
    schemas: [LIST_RESPONSE_URN],
    totalResults: results.length,
    itemsPerPage: page.length,
    startIndex,
    Resources: page,
  };
}
