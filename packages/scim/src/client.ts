// ScimClient: wires auth, HTTP, discovery, the Users/Groups APIs and Bulk together.

import { createAuth } from './auth';
import { type BulkOperation, type BulkOptions, type BulkOutcome, runBulk } from './bulk';
import { type DiscoverOptions, DiscoveryCache } from './discovery';
import { ScimClientError } from './errors';
import { GroupApi } from './groups';
import { defaultSleep, HttpClient } from './http';
import type { Capabilities, Discovery, ScimClientOptions, ServiceProviderConfig } from './types';
import { UserApi } from './users';

/**
 * A SCIM 2.0 client for one service provider.
 * @example
 * const scim = new ScimClient({ baseUrl: 'https://example.com/scim/v2', auth: { type: 'bearer', token } });
 * const { resources } = await scim.users.list({ filter: f.eq('userName', 'bjensen@example.com') });
 */
export class ScimClient {
  readonly users: UserApi;
  readonly groups: GroupApi;
  private readonly discovery: DiscoveryCache;
  private readonly http: HttpClient;

  constructor(options: ScimClientOptions) {
    if (!options || typeof options.baseUrl !== 'string' || !/^https?:\/\//i.test(options.baseUrl)) {
      throw new ScimClientError('SCIM_INVALID_ARGUMENT', 'baseUrl must be an http(s) URL');
    }
    const search = options.search ?? 'get';
    if (search !== 'get' && search !== 'post') {
      throw new ScimClientError('SCIM_INVALID_ARGUMENT', "search must be 'get' or 'post'");
    }
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const attempts = Math.max(1, Math.floor(options.retry?.attempts ?? 3));
    const auth = createAuth(options.auth, { fetch: fetchImpl, timeoutMs, onCall: options.onCall });
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      auth,
      fetch: fetchImpl,
      timeoutMs,
      attempts,
      maxDelayMs: options.retry?.maxDelayMs ?? 30_000,
      sleep: options.sleep ?? defaultSleep,
      onCall: options.onCall,
    });
    this.discovery = new DiscoveryCache(this.http);
    const ctx = {
      http: this.http,
      discovery: this.discovery,
      updateStyle: options.updateStyle ?? 'patchPath',
      search,
      attempts,
    };
    this.users = new UserApi(ctx);
    this.groups = new GroupApi(ctx);
  }

  /** Reads /ServiceProviderConfig, /ResourceTypes and /Schemas once per client (`refresh: true` re-reads). */
  discover(opts?: DiscoverOptions): Promise<Discovery> {
    return this.discovery.discover(opts);
  }

  /** Just /ServiceProviderConfig, cached. */
  serviceProviderConfig(opts?: DiscoverOptions): Promise<ServiceProviderConfig> {
    return this.discovery.serviceProviderConfig(opts);
  }

  /** Normalised capabilities; defaults (PATCH yes, ETag/Bulk/sort no) when the service has no config. */
  capabilities(opts?: DiscoverOptions): Promise<Capabilities> {
    return this.discovery.capabilities(opts);
  }

  /** Bulk operations: /Bulk when advertised (split to its limits), else one ordinary request per operation. */
  bulk(operations: BulkOperation[], opts?: BulkOptions): Promise<BulkOutcome> {
    return runBulk(this.http, this.discovery, operations, opts);
  }
}
