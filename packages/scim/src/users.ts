// The Users endpoint: CRUD plus idempotent deactivate/reactivate.

import { SCHEMA_USER } from './constants';
import { ResourceApi, type ResourceContext } from './resource';
import type { RequestOptions, ScimUser } from './types';

export class UserApi extends ResourceApi<ScimUser> {
  constructor(ctx: ResourceContext, endpoint = '/Users') {
    super(ctx, endpoint, 'users', SCHEMA_USER, 'userName');
  }

  /**
   * Sets `active` to false: PATCH `replace active` (no-path `{active:false}` with updateStyle patchValueMap),
   * or GET+PUT when PATCH is unsupported. Never DELETE. Safe to repeat.
   */
  deactivate(id: string, opts: RequestOptions = {}): Promise<ScimUser> {
    return this.update(id, { active: false }, opts);
  }

  /** Sets `active` to true, like `deactivate`. */
  reactivate(id: string, opts: RequestOptions = {}): Promise<ScimUser> {
    return this.update(id, { active: true }, opts);
  }
}
