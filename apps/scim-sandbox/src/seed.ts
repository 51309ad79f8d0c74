// The default demo seed: five users (one deactivated) and the Engineering and Sales groups.
import { ENTERPRISE_URN, GROUP_URN, USER_URN } from './urns';

function user(
  given: string,
  family: string,
  employeeNumber: string,
  title: string,
  department: string,
  active = true,
): object {
  const email = `${given}.${family}@example.com`.toLowerCase();
  return {
    schemas: [USER_URN, ENTERPRISE_URN],
    userName: email,
    externalId: employeeNumber,
    name: { givenName: given, familyName: family, formatted: `${given} ${family}` },
    displayName: `${given} ${family}`,
    title,
    active,
    emails: [{ value: email, type: 'work', primary: true }],
    phoneNumbers: [{ value: `+1 555 01${employeeNumber.slice(-2)}`, type: 'work' }],
    [ENTERPRISE_URN]: { employeeNumber, department, organization: 'Example Corp' },
  };
}

/** Default users; userNames are their work emails. */
export const DEFAULT_USERS: object[] = [
  user('Alice', 'Johnson', 'E1001', 'Engineering Manager', 'Engineering'),
  user('Bob', 'Smith', 'E1002', 'Sales Director', 'Sales'),
  user('Carol', 'Nguyen', 'E1003', 'Software Engineer', 'Engineering'),
  user('Dave', 'Patel', 'E1004', 'Account Executive', 'Sales'),
  user('Erin', 'Garcia', 'E1005', 'Recruiter', 'People', false),
];

/** Default groups; seed members may name users by userName (resolved to ids when seeding). */
export const DEFAULT_GROUPS: object[] = [
  {
    schemas: [GROUP_URN],
    displayName: 'Engineering',
    members: [{ value: 'alice.johnson@example.com' }, { value: 'carol.nguyen@example.com' }],
  },
  {
    schemas: [GROUP_URN],
    displayName: 'Sales',
    members: [{ value: 'bob.smith@example.com' }, { value: 'dave.patel@example.com' }],
  },
];
