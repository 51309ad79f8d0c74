/** Zod config pieces shared by the SCIM node definitions (browser-safe). */
import { z } from 'zod';
import { connectionName } from '../../shared/fields';

export const scimConnection = connectionName('scim');

const text = (title: string, description?: string) =>
  z
    .string()
    .max(1000)
    .nullable()
    .optional()
    .meta(description ? { title, description } : { title });

const multiValued = (title: string, what: string) =>
  z
    .array(
      z.object({
        value: z.string().min(1).max(500),
        type: z.string().max(50).optional(),
        primary: z.boolean().optional(),
      }),
    )
    .max(20)
    .nullable()
    .optional()
    .meta({ title, description: `${what}, e.g. [{ "value": "…", "type": "work", "primary": true }].` });

/**
 * Desired user attributes, flat: core attributes plus the enterprise extension fields, which the node places under
 * the enterprise schema URN. Omitted (undefined) means "leave as is"; `null` means "clear" (updates only).
 */
export const userAttributes = z.object({
  userName: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .meta({ title: 'User name', description: 'Unique login name.' }),
  externalId: text('External id', 'Your id for this user (for example the HR employee id).'),
  displayName: text('Display name'),
  givenName: text('Given name', 'Sent as name.givenName.'),
  familyName: text('Family name', 'Sent as name.familyName.'),
  title: text('Job title'),
  active: z.boolean().optional().meta({ title: 'Active' }),
  emails: multiValued('Emails', 'Email addresses'),
  phoneNumbers: multiValued('Phone numbers', 'Phone numbers'),
  employeeNumber: text('Employee number', 'Enterprise extension.'),
  department: text('Department', 'Enterprise extension.'),
  costCenter: text('Cost center', 'Enterprise extension.'),
  organization: text('Organization', 'Enterprise extension.'),
  division: text('Division', 'Enterprise extension.'),
  manager: z
    .object({
      id: z.string().min(1).optional().meta({ title: 'Manager id' }),
      userName: z
        .string()
        .min(1)
        .optional()
        .meta({ title: 'Manager user name', description: 'Looked up to its id.' }),
    })
    .nullable()
    .optional()
    .meta({ title: 'Manager', description: 'Enterprise manager, by SCIM id or by userName.' }),
  extra: z.record(z.string(), z.unknown()).optional().meta({
    title: 'Other attributes',
    description:
      'Raw SCIM attributes by path, e.g. { "locale": "fr-FR", "urn:…:MyExt:User:badge": "42" }. Passed through as is.',
  }),
});

export type UserAttributes = z.output<typeof userAttributes>;

/** How a node names an existing user: exactly one of `userId` or `userName`. */
export const userRefFields = {
  userId: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .meta({ title: 'User id', description: 'SCIM id of the user.' }),
  userName: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .meta({ title: 'User name', description: 'Used when no user id is given: looked up with userName eq.' }),
};

/** How a node names a group: exactly one of `groupId` or `groupName` (displayName). */
export const groupRefFields = {
  groupId: z.string().min(1).max(500).optional().meta({ title: 'Group id' }),
  groupName: z.string().min(1).max(500).optional().meta({
    title: 'Group name',
    description: 'Used when no group id is given: looked up with displayName eq.',
  }),
};

/** Card summary for a node that names a user. */
export function userRefSummary(config: Record<string, unknown>): string {
  const who = config.userName ?? config.userId;
  return typeof who === 'string' ? who : 'user';
}

/** `ifNotFound` for nodes that act on one user: fail, or skip and send nothing. */
export const ifNotFoundSkip = z.enum(['fail', 'skip']).default('fail').meta({
  title: 'If not found',
  description: '`fail` with NOT_FOUND, or `skip`: output `found: false` and send nothing.',
});
