// Cached discovery of /ServiceProviderConfig, /ResourceTypes and /Schemas, and the normalised capabilities.

import { ScimError, ScimHttpError } from './errors';
import type { HttpClient } from './http';
import { DEFAULT_CAPABILITIES, normaliseList, normaliseResource, toCapabilities } from './normalise';
import type { Capabilities, Discovery, ResourceType, SchemaDefinition, ServiceProviderConfig } from './types';

export interface DiscoverOptions {
  signal?: AbortSignal;
  /** Ignore the cache and read again. */
  refresh?: boolean;
}

/** Statuses meaning "this service has no such endpoint". */
function isMissing(error: unknown): boolean {
  return (
    (error instanceof ScimError || error instanceof ScimHttpError) &&
    [400, 403, 404, 405, 501].includes(error.status)
  );
}

export class DiscoveryCache {
  private spc: Promise<ServiceProviderConfig> | undefined;
  private full: Promise<Discovery> | undefined;
  private caps: Promise<Capabilities> | undefined;

  constructor(private readonly http: HttpClient) {}

  serviceProviderConfig(opts: DiscoverOptions = {}): Promise<ServiceProviderConfig> {
    if (opts.refresh || !this.spc) {
      this.spc = this.http
        .request({
          method: 'GET',
          path: '/ServiceProviderConfig',
          operation: 'discover.serviceProviderConfig',
          signal: opts.signal,
        })
        .then((r) => normaliseResource<ServiceProviderConfig>(r.body, 'ServiceProviderConfig'));
      this.spc.catch(() => {
        this.spc = undefined;
      });
    }
    return this.spc;
  }

  discover(opts: DiscoverOptions = {}): Promise<Discovery> {
    if (opts.refresh || !this.full) {
      if (opts.refresh) this.caps = undefined;
      this.full = Promise.all([
        this.serviceProviderConfig(opts),
        this.listOrEmpty<ResourceType>('/ResourceTypes', 'discover.resourceTypes', opts.signal),
        this.listOrEmpty<SchemaDefinition>('/Schemas', 'discover.schemas', opts.signal),
      ]).then(([serviceProviderConfig, resourceTypes, schemas]) => ({
        serviceProviderConfig,
        resourceTypes,
        schemas,
      }));
      this.full.catch(() => {
        this.full = undefined;
      });
    }
    return this.full;
  }

  /** Capabilities from /ServiceProviderConfig; defaults when the service has none (network errors still throw). */
  capabilities(opts: DiscoverOptions = {}): Promise<Capabilities> {
    if (opts.refresh || !this.caps) {
      this.caps = this.serviceProviderConfig(opts).then(toCapabilities, (error: unknown) => {
        if (isMissing(error)) return DEFAULT_CAPABILITIES;
        throw error;
      });
      this.caps.catch(() => {
        this.caps = undefined;
      });
    }
    return this.caps;
  }

  private async listOrEmpty<T>(path: string, operation: string, signal?: AbortSignal): Promise<T[]> {
    try {
      const res = await this.http.request({ method: 'GET', path, operation, signal });
      if (Array.isArray(res.body)) return res.body as T[];
      return normaliseList<T>(res.body, 1).resources;
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }
}
