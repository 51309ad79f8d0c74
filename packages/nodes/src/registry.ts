/** The built-in node types (definition + run/plan) in palette order, and the catalog built from them. */
import { type AnyNodeType, type Catalog, createCatalog } from '@idflow/engine';
import { forEachNode } from './control/for-each/run';
import { ifNode } from './control/if/run';
import { switchNode } from './control/switch/run';
import { flowCallNode } from './flow/call/run';
import { respondNode } from './flow/respond/run';
import { httpRequest } from './http/request/run';
import { addToGroup } from './scim/add-to-group/run';
import { createUser } from './scim/create-user/run';
import { deactivateUser } from './scim/deactivate-user/run';
import { deleteUser } from './scim/delete-user/run';
import { findGroup } from './scim/find-group/run';
import { findUser } from './scim/find-user/run';
import { getUser } from './scim/get-user/run';
import { reactivateUser } from './scim/reactivate-user/run';
import { removeFromAllGroups } from './scim/remove-from-all-groups/run';
import { removeFromGroup } from './scim/remove-from-group/run';
import { updateUser } from './scim/update-user/run';
import { mapNode } from './transform/map/run';
import { setNode } from './transform/set/run';
import { callTrigger } from './trigger/call/run';
import { manualTrigger } from './trigger/manual/run';
import { scheduleTrigger } from './trigger/schedule/run';
import { webhookTrigger } from './trigger/webhook/run';

/** Every built-in node type. Adding a node type means one line here and one in definitions.ts. */
export const builtinNodeTypes: readonly AnyNodeType[] = [
  manualTrigger,
  webhookTrigger,
  scheduleTrigger,
  callTrigger,
  httpRequest,
  mapNode,
  setNode,
  ifNode,
  switchNode,
  forEachNode,
  flowCallNode,
  respondNode,
  findUser,
  getUser,
  createUser,
  updateUser,
  deactivateUser,
  reactivateUser,
  deleteUser,
  findGroup,
  addToGroup,
  removeFromGroup,
  removeFromAllGroups,
];

/**
 * A catalog of the built-in node types, plus any extra ones (throws on a duplicate type id).
 * @example const catalog = createBuiltinCatalog(); catalog.get('scim.createUser')?.run
 */
export function createBuiltinCatalog(extra: readonly AnyNodeType[] = []): Catalog<AnyNodeType> {
  return createCatalog([...builtinNodeTypes, ...extra]);
}

export { forEachNode } from './control/for-each/run';
export { ifNode } from './control/if/run';
export { switchNode } from './control/switch/run';
export { flowCallNode } from './flow/call/run';
export { respondNode } from './flow/respond/run';
export { httpRequest } from './http/request/run';
export { addToGroup } from './scim/add-to-group/run';
export { createUser } from './scim/create-user/run';
export { deactivateUser } from './scim/deactivate-user/run';
export { deleteUser } from './scim/delete-user/run';
export { findGroup } from './scim/find-group/run';
export { findUser } from './scim/find-user/run';
export { getUser } from './scim/get-user/run';
export { reactivateUser } from './scim/reactivate-user/run';
export { removeFromAllGroups } from './scim/remove-from-all-groups/run';
export { removeFromGroup } from './scim/remove-from-group/run';
export { updateUser } from './scim/update-user/run';
export { mapNode } from './transform/map/run';
export { setNode } from './transform/set/run';
export { callTrigger } from './trigger/call/run';
export { manualTrigger } from './trigger/manual/run';
export { scheduleTrigger } from './trigger/schedule/run';
export { webhookTrigger } from './trigger/webhook/run';
