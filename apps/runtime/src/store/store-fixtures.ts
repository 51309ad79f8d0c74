/** Test fixtures for Store suites: small valid flows, run records and their hashes. */
import { createHash } from 'node:crypto';
import type { Flow, RunRecord } from '@idflow/engine';

export function makeFlow(id: string, patch: Partial<Flow> = {}): Flow {
  return {
    schemaVersion: 1,
    id,
    name: `Flow ${id}`,
    nodes: [
      { id: 'hire', type: 'trigger.webhook', position: { x: 0, y: 0 }, config: { path: id } },
      { id: 'find', type: 'scim.findUser', position: { x: 280, y: 0 }, config: { connection: 'sandbox' } },
      {
        id: 'create',
        type: 'scim.createUser',
        position: { x: 560, y: 0 },
        config: { connection: 'sandbox' },
      },
    ],
    edges: [
      { from: 'hire', to: 'find' },
      { from: 'find', to: 'create' },
    ],
    ...patch,
  };
}

/** Stand-in for the engine's canonical hash: any stable digest of the content does for store tests. */
export function hashOf(flow: Flow): string {
  return createHash('sha256').update(JSON.stringify(flow)).digest('hex');
}

let seq = 0;

export function makeRun(patch: Partial<RunRecord> = {}): RunRecord {
  seq++;
  return {
    id: `run-${String(seq).padStart(6, '0')}`,
    flowId: 'onboard',
    flowHash: 'abc123',
    trigger: { kind: 'webhook', data: { body: { email: `user${seq}@example.com` } } },
    status: 'succeeded',
    queuedAt: new Date(Date.UTC(2026, 10, 1, 0, 0, seq)).toISOString(),
    startedAt: new Date(Date.UTC(2026, 10, 1, 0, 0, seq)).toISOString(),
    steps: [
      { nodeId: 'find', type: 'scim.findUser', status: 'succeeded', attempts: 1, output: { found: false } },
    ],
    ...patch,
  };
}

/** ISO time `minutes` after 2026-11-01T00:00Z. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2026, 10, 1) + minutes * 60_000).toISOString();
}
