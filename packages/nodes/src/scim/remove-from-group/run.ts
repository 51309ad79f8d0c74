/** `scim.removeFromGroup` implementation (shared with the other membership node). */
import { defineNodeType } from '@idflow/engine';
import { membership } from '../shared/group-members';
import { removeFromGroupDefinition } from './definition';

export const removeFromGroup = defineNodeType(removeFromGroupDefinition, membership(false));
