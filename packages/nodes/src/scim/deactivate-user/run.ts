/** `scim.deactivateUser` implementation (shared with the other `active` node). */
import { defineNodeType } from '@idflow/engine';
import { setActive } from '../shared/set-active';
import { deactivateUserDefinition } from './definition';

export const deactivateUser = defineNodeType(deactivateUserDefinition, setActive(false));
