/** The shape of state.json (flows, versions, connections, secrets, schedules, settings, idempotency keys) as zod. */
import { FlowSchema } from '@idflow/engine';
import { z } from 'zod';

const StoredFlowSchema = z.object({
  flow: FlowSchema,
  version: z.number().int().min(1),
  hash: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const VersionEntrySchema = z.object({
  flowId: z.string(),
  version: z.number().int().min(1),
  hash: z.string(),
  savedAt: z.string(),
  summary: z.string(),
  flow: FlowSchema,
});

const ConnectionSchema = z.object({
  name: z.string(),
  kind: z.enum(['scim', 'http']),
  baseUrl: z.string(),
  auth: z.looseObject({ type: z.string() }),
  options: z.record(z.string(), z.unknown()),
  revision: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const WebhookSecretSchema = z.object({ flowId: z.string(), secret: z.string(), updatedAt: z.string() });

const ScheduleStateSchema = z.object({
  flowId: z.string(),
  lastFireAt: z.string().optional(),
  lastRunId: z.string().optional(),
});

const IdempotencySchema = z.object({ key: z.string(), runId: z.string(), expiresAt: z.string() });

export const StateFileSchema = z.object({
  formatVersion: z.literal(1),
  flows: z.record(z.string(), StoredFlowSchema),
  /** flowId → flow hash → entry: one entry per distinct content, so a revert does not duplicate the flow. */
  versions: z.record(z.string(), z.record(z.string(), VersionEntrySchema)),
  connections: z.record(z.string(), ConnectionSchema),
  webhookSecrets: z.record(z.string(), WebhookSecretSchema),
  schedules: z.record(z.string(), ScheduleStateSchema),
  settings: z.record(z.string(), z.string()),
  idempotency: z.record(z.string(), IdempotencySchema),
});

export type StateData = z.output<typeof StateFileSchema>;

export function emptyState(): StateData {
  return {
    formatVersion: 1,
    flows: {},
    versions: {},
    connections: {},
    webhookSecrets: {},
    schedules: {},
    settings: {},
    idempotency: {},
  };
}

/** A draft for one batch of mutations: each section copied one level deep, so the committed state stays untouched. */
export function draftOf(state: StateData): StateData {
  return {
    formatVersion: 1,
    flows: { ...state.flows },
    versions: { ...state.versions },
    connections: { ...state.connections },
    webhookSecrets: { ...state.webhookSecrets },
    schedules: { ...state.schedules },
    settings: { ...state.settings },
    idempotency: { ...state.idempotency },
  };
}
