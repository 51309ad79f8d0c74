/** `scim.reactivateUser` implementation (shared with the other `active` node). */
import { defineNodeType } from '@idflow/engine';
import { setActive } from '../shared/set-active';
import { reactivateUserDefinition } from './definition';

export const reactivateUser = defineNodeType(reactivateUserDefinition, setActive(true));
