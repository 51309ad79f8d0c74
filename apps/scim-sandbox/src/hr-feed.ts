// Demo HR feed: event shapes, their zod schemas (for PUT /hr/*) and the default hires and terminations.
import { z } from 'zod';

export const hireEventSchema = z.object({
  eventId: z.string().min(1).optional(),
  type: z.literal('hire').default('hire'),
  employeeId: z.string().min(1),
  email: z.email(),
  givenName: z.string().min(1),
  familyName: z.string().min(1),
  displayName: z.string().optional(),
  title: z.string().optional(),
  department: z.string().optional(),
  managerEmail: z.email().optional(),
  phone: z.string().optional(),
  startDate: z.string().optional(),
  location: z.string().optional(),
});

export const terminationEventSchema = z.object({
  eventId: z.string().min(1).optional(),
  type: z.literal('termination').default('termination'),
  employeeId: z.string().min(1),
  email: z.email(),
  effectiveDate: z.string().optional(),
  reason: z.string().optional(),
});

export type HireEvent = z.output<typeof hireEventSchema>;
export type TerminationEvent = z.output<typeof terminationEventSchema>;

/** The two lists served by GET /hr/hires and GET /hr/terminations. */
export interface HrFeed {
  hires: HireEvent[];
  terminations: TerminationEvent[];
}

/** New people (not in the default seed); managers are seeded users. */
export const DEFAULT_HIRES: HireEvent[] = [
  {
    eventId: 'hire-2001',
    type: 'hire',
    employeeId: 'E2001',
    email: 'frank.li@example.com',
    givenName: 'Frank',
    familyName: 'Li',
    displayName: 'Frank Li',
    title: 'Software Engineer',
    department: 'Engineering',
    managerEmail: 'alice.johnson@example.com',
    phone: '+1 555 0101',
    startDate: '2026-02-02',
    location: 'Berlin',
  },
  {
    eventId: 'hire-2002',
    type: 'hire',
    employeeId: 'E2002',
    email: 'grace.kim@example.com',
    givenName: 'Grace',
    familyName: 'Kim',
    displayName: 'Grace Kim',
    title: 'Account Executive',
    department: 'Sales',
    managerEmail: 'bob.smith@example.com',
    phone: '+1 555 0102',
    startDate: '2026-02-09',
    location: 'New York',
  },
  {
    eventId: 'hire-2003',
    type: 'hire',
    employeeId: 'E2003',
    email: 'henry.okafor@example.com',
    givenName: 'Henry',
    familyName: 'Okafor',
    displayName: 'Henry Okafor',
    title: 'Site Reliability Engineer',
    department: 'Engineering',
    managerEmail: 'alice.johnson@example.com',
    phone: '+1 555 0103',
    startDate: '2026-02-16',
    location: 'Lagos',
  },
];

/** Leavers: users the default seed creates (dave.patel, carol.nguyen). */
export const DEFAULT_TERMINATIONS: TerminationEvent[] = [
  {
    eventId: 'term-3001',
    type: 'termination',
    employeeId: 'E1004',
    email: 'dave.patel@example.com',
    effectiveDate: '2026-01-31',
    reason: 'resignation',
  },
  {
    eventId: 'term-3002',
    type: 'termination',
    employeeId: 'E1003',
    email: 'carol.nguyen@example.com',
    effectiveDate: '2026-02-14',
    reason: 'end of contract',
  },
];

export const defaultHrFeed = (): HrFeed =>
  structuredClone({ hires: DEFAULT_HIRES, terminations: DEFAULT_TERMINATIONS });
