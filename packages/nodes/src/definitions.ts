/** Browser-safe list of every built-in node definition (no run code, no node: modules, no SCIM client). */
import type { AnyNodeDefinition } from '@idflow/engine/model';
import { forEachDefinition } from './control/for-each/definition';
import { ifDefinition } from './control/if/definition';
import { switchDefinition } from './control/switch/definition';
import { flowCallDefinition } from './flow/call/definition';
import { respondDefinition } from './flow/respond/definition';
import { httpRequestDefinition } from './http/request/definition';
import { addToGroupDefinition } from './scim/add-to-group/definition';
import { createUserDefinition } from './scim/create-user/definition';
import { deactivateUserDefinition } from './scim/deactivate-user/definition';
import { deleteUserDefinition } from './scim/delete-user/definition';
import { findGroupDefinition } from './scim/find-group/definition';
import { findUserDefinition } from './scim/find-user/definition';
import { getUserDefinition } from './scim/get-user/definition';
import { reactivateUserDefinition } from './scim/reactivate-user/definition';
import { removeFromAllGroupsDefinition } from './scim/remove-from-all-groups/definition';
import { removeFromGroupDefinition } from './scim/remove-from-group/definition';
import { updateUserDefinition } from './scim/update-user/definition';
import { mapDefinition } from './transform/map/definition';
import { setDefinition } from './transform/set/definition';
import { callTriggerDefinition } from './trigger/call/definition';
import { manualTriggerDefinition } from './trigger/manual/definition';
import { scheduleTriggerDefinition } from './trigger/schedule/definition';
import { webhookTriggerDefinition } from './trigger/webhook/definition';

/** In palette order. The editor imports this through `@idflow/nodes/definitions`. */
export const builtinDefinitions: readonly AnyNodeDefinition[] = [
  manualTriggerDefinition,
  webhookTriggerDefinition,
  scheduleTriggerDefinition,
  callTriggerDefinition,
  httpRequestDefinition,
  mapDefinition,
  setDefinition,
  ifDefinition,
  switchDefinition,
  forEachDefinition,
  flowCallDefinition,
  respondDefinition,
  findUserDefinition,
  getUserDefinition,
  createUserDefinition,
  updateUserDefinition,
  deactivateUserDefinition,
  reactivateUserDefinition,
  deleteUserDefinition,
  findGroupDefinition,
  addToGroupDefinition,
  removeFromGroupDefinition,
  removeFromAllGroupsDefinition,
];

export { forEachDefinition } from './control/for-each/definition';
export { ifDefinition } from './control/if/definition';
export { switchDefinition } from './control/switch/definition';
export { flowCallDefinition } from './flow/call/definition';
export { respondDefinition } from './flow/respond/definition';
export { httpRequestDefinition } from './http/request/definition';
export { addToGroupDefinition } from './scim/add-to-group/definition';
export { createUserDefinition } from './scim/create-user/definition';
export { deactivateUserDefinition } from './scim/deactivate-user/definition';
export { deleteUserDefinition } from './scim/delete-user/definition';
export { findGroupDefinition } from './scim/find-group/definition';
export { findUserDefinition } from './scim/find-user/definition';
export { getUserDefinition } from './scim/get-user/definition';
export { reactivateUserDefinition } from './scim/reactivate-user/definition';
export { removeFromAllGroupsDefinition } from './scim/remove-from-all-groups/definition';
export { removeFromGroupDefinition } from './scim/remove-from-group/definition';
export { updateUserDefinition } from './scim/update-user/definition';
export { mapDefinition } from './transform/map/definition';
export { setDefinition } from './transform/set/definition';
export { callTriggerDefinition } from './trigger/call/definition';
export { manualTriggerDefinition } from './trigger/manual/definition';
export { scheduleTriggerDefinition } from './trigger/schedule/definition';
export { webhookTriggerDefinition } from './trigger/webhook/definition';
