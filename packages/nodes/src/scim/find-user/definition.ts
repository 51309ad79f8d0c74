/** `scim.findUser` definition: finds users by userName, email, externalId or structured conditions. */
import { defineNodeDefinition } from '@idflow/engine/model';
import { z } from 'zod';
import { scimUserShape } from '../../shared/output-shapes';
import { scimConnection } from '../shared/config-fields';

export const FILTER_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'] as const;

export const findUserConfig = z.object({
  connection: scimConnection,
  userName: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .meta({ title: 'User name', description: 'userName eq this value.' }),
  email: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .meta({ title: 'Email', description: 'emails.value eq this value.' }),
  externalId: z.string().min(1).max(500).optional().meta({ title: 'External id' }),
  where: z
    .array(
      z.object({
        attribute: z
          .string()
          .min(1)
          .max(200)
          .meta({ title: 'Attribute', description: 'e.g. `title` or `name.familyName`.' }),
        op: z.enum(FILTER_OPS).default('eq').meta({ title: 'Operator' }),
        value: z.union([z.string(), z.number(), z.boolean()]).optional().meta({ title: 'Value' }),
      }),
    )
    .max(10)
    .optional()
    .meta({
      title: 'Other conditions',
      description:
        'Extra conditions, joined with `and`; values are escaped by the filter builder, never concatenated.',
    }),
  count: z
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .meta({ title: 'Max users', description: 'Users returned.' }),
});

export type FindUserConfig = z.output<typeof findUserConfig>;

export const findUserDefinition = defineNodeDefinition({
  type: 'scim.findUser',
  title: 'Find SCIM user',
  category: 'scim',
  icon: 'user-search',
  description:
    'Looks users up by userName, email, externalId and/or extra conditions (all joined with `and`). Outputs `found`, the first `user`, all `users` and `totalResults`. Not finding anyone is not an error.',
  config: findUserConfig,
  outputs: [{ id: 'out' }],
  hasInput: true,
  output: {
    type: 'object',
    properties: {
      found: { type: 'boolean' },
      user: { ...scimUserShape, description: 'The first match, or null.' },
      users: { type: 'array', items: scimUserShape },
      totalResults: { type: 'integer' },
    },
  },
  sideEffects: false,
  summary: (c) => String(c.userName ?? c.email ?? c.externalId ?? 'filter'),
  connectionFields: { connection: 'scim' },
});
