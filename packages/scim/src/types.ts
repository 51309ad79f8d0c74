// Public types of the SCIM client: resources, messages, options and discovery results.

import type { SCHEMA_ENTERPRISE_USER } from './constants';
import type { ScimFilter } from './filter';

export type ScimAuth =
  | { type: 'bearer'; token: string }
  | {
      type: 'oauth2';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
      /** How client credentials reach the token endpoint: form fields (default) or HTTP Basic. */
      clientAuth?: 'body' | 'basic';
    }
  | { type: 'basic'; username: string; password: string }
  | { type: 'header'; name: string; value: string }
  | { type: 'none' };

export type UpdateStyle = 'patchPath' | 'patchValueMap' | 'put';

/** How list/filter/iterate calls query: `get` with a query string, or `post` to `<endpoint>/.search`. */
export type SearchMethod = 'get' | 'post';

export interface CallInfo {
  method: string;
  /** Logical operation, e.g. `users.get`, `groups.patch`, `discover.serviceProviderConfig`, `auth.token`. */
  operation: string;
  /** Request path without the query string (no filter values, so no PII). */
  path: string;
  status: number | 'error';
  durationMs: number;
}

export interface ScimClientOptions {
  baseUrl: string;
  auth: ScimAuth;
  fetch?: typeof fetch;
  /** Per HTTP attempt. Default 30000; 0 or Infinity: none (the caller's `signal` alone can end a request). */
  timeoutMs?: number;
  /** `attempts` is the total number of tries (default 3); `maxDelayMs` bounds one wait (default 30000). */
  retry?: { attempts?: number; maxDelayMs?: number };
  updateStyle?: UpdateStyle;
  /**
   * `'get'` (default, the widest-supported form) or `'post'`: POST `<endpoint>/.search` with a SearchRequest body,
   * so filter values (PII) stay out of URLs. A service without `.search` then fails with SCIM_UNSUPPORTED.
   */
  search?: SearchMethod;
  /** Called once per HTTP attempt (token requests included). */
  onCall?: (info: CallInfo) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ScimMeta {
  resourceType?: string;
  created?: string;
  lastModified?: string;
  location?: string;
  version?: string;
}

export interface MultiValued {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
  $ref?: string;
  [key: string]: unknown;
}

export interface EnterpriseUserExtension {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
  manager?: { value?: string; $ref?: string; displayName?: string };
}

export interface ScimResource {
  schemas?: string[];
  id?: string;
  externalId?: string;
  meta?: ScimMeta;
  [key: string]: unknown;
}

export interface ScimUser extends ScimResource {
  userName?: string;
  name?: {
    formatted?: string;
    familyName?: string;
    givenName?: string;
    middleName?: string;
    honorificPrefix?: string;
    honorificSuffix?: string;
  };
  displayName?: string;
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  active?: boolean;
  password?: string;
  emails?: MultiValued[];
  phoneNumbers?: MultiValued[];
  ims?: MultiValued[];
  photos?: MultiValued[];
  addresses?: Array<{
    formatted?: string;
    streetAddress?: string;
    locality?: string;
    region?: string;
    postalCode?: string;
    country?: string;
    type?: string;
    primary?: boolean;
  }>;
  groups?: MultiValued[];
  entitlements?: MultiValued[];
  roles?: MultiValued[];
  x509Certificates?: MultiValued[];
  [SCHEMA_ENTERPRISE_USER]?: EnterpriseUserExtension;
}

export interface ScimGroupMember {
  value: string;
  display?: string;
  type?: 'User' | 'Group' | string;
  $ref?: string | null;
}

export interface ScimGroup extends ScimResource {
  displayName?: string;
  members?: ScimGroupMember[] | null;
}

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'Add' | 'Remove' | 'Replace';
  path?: string;
  value?: unknown;
}

export interface ListResponse<T> {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  resources: T[];
}

export interface ServiceProviderConfig {
  schemas?: string[];
  documentationUri?: string;
  patch?: { supported?: boolean };
  bulk?: { supported?: boolean; maxOperations?: number; maxPayloadSize?: number };
  filter?: { supported?: boolean; maxResults?: number };
  changePassword?: { supported?: boolean };
  sort?: { supported?: boolean };
  etag?: { supported?: boolean };
  authenticationSchemes?: Array<{ type?: string; name?: string; description?: string; primary?: boolean }>;
  [key: string]: unknown;
}

export interface ResourceType {
  id?: string;
  name: string;
  endpoint: string;
  schema: string;
  description?: string;
  schemaExtensions?: Array<{ schema: string; required?: boolean }>;
  [key: string]: unknown;
}

export interface SchemaAttribute {
  name: string;
  type?: string;
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: string;
  returned?: string;
  uniqueness?: string;
  subAttributes?: SchemaAttribute[];
  [key: string]: unknown;
}

export interface SchemaDefinition {
  id: string;
  name?: string;
  description?: string;
  attributes: SchemaAttribute[];
  [key: string]: unknown;
}

export interface Discovery {
  serviceProviderConfig: ServiceProviderConfig;
  resourceTypes: ResourceType[];
  schemas: SchemaDefinition[];
}

/** Normalised view of ServiceProviderConfig; unknown values take conservative defaults. */
export interface Capabilities {
  patch: boolean;
  etag: boolean;
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number | undefined };
  sort: boolean;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface GetOptions extends RequestOptions {
  attributes?: string | string[];
  excludedAttributes?: string | string[];
}

export interface ListOptions extends GetOptions {
  /** A filter string, e.g. from `f.eq(...)` or `scimFilter\`...\``. */
  filter?: string | ScimFilter;
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
  startIndex?: number;
  count?: number;
}

export interface IterateOptions extends ListOptions {
  /** Page size for each request (default `count`, else 100). */
  pageSize?: number;
}

export interface WriteOptions extends RequestOptions {
  /** Sent as If-Match. */
  etag?: string;
}
