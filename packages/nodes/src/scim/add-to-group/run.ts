/** `scim.addToGroup` implementation (shared with the other membership node). */
import { defineNodeType } from '@idflow/engine';
import { membership } from '../shared/group-members';
import { addToGroupDefinition } from './definition';

export const addToGroup = defineNodeType(addToGroupDefinition, membership(true));
