/** Pure mutations of the state draft for flows and their versions (check first, then change: see StateDb.mutate). */
import type { Flow } from '@idflow/engine';
import type { StoredFlow } from '../types';
import { VersionConflictError } from '../types';
import type { StateData } from './state-schema';
import { summarizeFlowChange } from './version-summary';

export interface FlowSaveInput {
  flow: Flow;
  hash: string;
  enabled?: boolean;
  expectedVersion?: number;
}

/** Throws VersionConflictError when `expectedVersion` is given and differs from the stored version (0 = absent). */
export function checkFlowSave(state: StateData, item: FlowSaveInput): void {
  if (item.expectedVersion === undefined) return;
  const current = state.flows[item.flow.id]?.version ?? 0;
  if (current !== item.expectedVersion)
    throw new VersionConflictError(item.flow.id, current, item.expectedVersion);
}

/**
 * Applies one save: a new hash bumps the version and records a version entry (one per distinct hash; saving an
 * old hash again moves that entry to the new version). New flows are enabled unless `enabled: false` is given.
 */
export function applyFlowSave(draft: StateData, item: FlowSaveInput, nowIso: string): StoredFlow {
  const { flow, hash } = item;
  const existing = draft.flows[flow.id];
  const contentChanged = !existing || existing.hash !== hash;
  const enabled = item.enabled ?? existing?.enabled ?? true;
  const touched = !existing || contentChanged || existing.enabled !== enabled;
  const stored: StoredFlow = {
    flow: structuredClone(flow),
    version: existing ? existing.version + (contentChanged ? 1 : 0) : 1,
    hash,
    enabled,
    createdAt: existing?.createdAt ?? nowIso,
    updatedAt: touched ? nowIso : existing.updatedAt,
  };
  draft.flows[flow.id] = stored;
  if (contentChanged) {
    draft.versions[flow.id] = {
      ...draft.versions[flow.id],
      [hash]: {
        flowId: flow.id,
        version: stored.version,
        hash,
        savedAt: nowIso,
        summary: summarizeFlowChange(existing?.flow, flow),
        flow: stored.flow,
      },
    };
  }
  return structuredClone(stored);
}
