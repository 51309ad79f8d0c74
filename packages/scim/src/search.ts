// POST `<endpoint>/.search` (RFC 7644 §3.4.3): the query goes in a SearchRequest body, so filter values (user
// names, emails) stay out of URLs and therefore out of access and proxy logs.

import { MESSAGE_SEARCH_REQUEST } from './constants';
import { ScimClientError, ScimError, ScimHttpError } from './errors';
import type { HttpClient, HttpResponse } from './http';

export interface SearchParams {
  filter?: string;
  startIndex?: number;
  count?: number;
  attributes?: string[];
  excludedAttributes?: string[];
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
}

/** The SearchRequest body with only the fields given (empty strings and lists dropped, as the GET form does). */
export function searchRequest(params: SearchParams): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [MESSAGE_SEARCH_REQUEST] };
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    body[key] = value;
  }
  return body;
}

/** Statuses meaning "no such endpoint or method" when answered to `.search`. */
const UNSUPPORTED = new Set([404, 405, 501]);

function statusOf(error: unknown): number | undefined {
  return error instanceof ScimError || error instanceof ScimHttpError ? error.status : undefined;
}

/** True for the error `PostSearch` throws when the service has no `.search`. */
export function isSearchUnsupported(error: unknown): boolean {
  return error instanceof ScimClientError && error.code === 'SCIM_UNSUPPORTED';
}

/** Searches one endpoint by POST. Never falls back to GET: the caller chose POST to keep PII out of URLs. */
export class PostSearch {
  /** Set once `.search` answered with a success, so a later SCIM 404 is read as "no match", not "no endpoint". */
  private confirmed = false;

  constructor(
    private readonly http: HttpClient,
    private readonly endpoint: string,
    private readonly operation: string,
  ) {}

  private get path(): string {
    return `${this.endpoint}/.search`;
  }

  private send(body: Record<string, unknown>, signal?: AbortSignal): Promise<HttpResponse> {
    // A search only reads, so connection failures are retried as for GET.
    return this.http.request({
      method: 'POST',
      path: this.path,
      operation: this.operation,
      body,
      retrySafe: true,
      signal,
    });
  }

  async search(params: SearchParams, signal?: AbortSignal): Promise<HttpResponse> {
    try {
      const res = await this.send(searchRequest(params), signal);
      this.confirmed = true;
      return res;
    } catch (error) {
      throw await this.explain(error, params.filter !== undefined && params.filter !== '', signal);
    }
  }

  private async explain(error: unknown, filtered: boolean, signal?: AbortSignal): Promise<unknown> {
    const status = statusOf(error);
    if (status === undefined || !UNSUPPORTED.has(status)) return error;
    // Some services answer a filter without match with a SCIM 404; an unfiltered probe (no PII in it) tells
    // that quirk apart from a service without `.search`. The caller turns the original 404 into "no match".
    if (status === 404 && filtered && error instanceof ScimError) {
      if (this.confirmed || (await this.probe(signal))) return error;
    }
    return this.unsupported(status, error);
  }

  /** Whether `.search` exists: any answer but 404/405/501 to an unfiltered, one-result search. */
  private async probe(signal?: AbortSignal): Promise<boolean> {
    try {
      await this.send(searchRequest({ count: 1 }), signal);
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined) throw error;
      if (UNSUPPORTED.has(status)) return false;
    }
    this.confirmed = true;
    return true;
  }

  private unsupported(status: number, cause: unknown): ScimError {
    const said = cause instanceof ScimError && cause.detail ? ` (the service said: ${cause.detail})` : '';
    return new ScimError(
      status,
      undefined,
      `this SCIM service does not support searching by POST ${this.path}${said}. ` +
        `Switch the connection's search option back to 'get' (GET with a query string).`,
      'SCIM_UNSUPPORTED',
    );
  }
}
