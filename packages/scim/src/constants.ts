// SCIM schema and message URNs (RFC 7643 §8.7, RFC 7644 §3.1) and media types.

export const SCHEMA_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCHEMA_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCHEMA_ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCHEMA_SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const SCHEMA_RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
export const MESSAGE_LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const MESSAGE_SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const MESSAGE_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const MESSAGE_BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const MESSAGE_BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
export const MESSAGE_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** All URNs in one object, for callers who prefer `SCIM_SCHEMAS.user`. */
export const SCIM_SCHEMAS = {
  user: SCHEMA_USER,
  group: SCHEMA_GROUP,
  enterpriseUser: SCHEMA_ENTERPRISE_USER,
  serviceProviderConfig: SCHEMA_SERVICE_PROVIDER_CONFIG,
  resourceType: SCHEMA_RESOURCE_TYPE,
  schema: SCHEMA_SCHEMA,
  listResponse: MESSAGE_LIST_RESPONSE,
  searchRequest: MESSAGE_SEARCH_REQUEST,
  patchOp: MESSAGE_PATCH_OP,
  bulkRequest: MESSAGE_BULK_REQUEST,
  bulkResponse: MESSAGE_BULK_RESPONSE,
  error: MESSAGE_ERROR,
} as const;

export const SCIM_MEDIA_TYPE = 'application/scim+json';
