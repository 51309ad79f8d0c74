/**
 * Flow writes in one place: validation, drafts (structurally sound but invalid flows, saved disabled), webhook path
 * claims, all-or-nothing import, and re-arming triggers after a change.
 */
import { type Flow, FlowSchema, flowHash, type Issue, validateFlow } from '@idflow/engine';
import type { RuntimeContext } from './context';
import {
  draftInDirModeError,
  flowInvalidError,
  invalidWhileEnabledError,
  pathClaimedError,
  toDetails,
} from './flow-errors';
import { flowTrigger } from './flow-triggers';
import { ApiError, type ErrorDetail } from './http/errors';
import type { StoredFlow } from './store/types';

export interface ImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

export interface ParsedFlow {
  flow: Flow;
  hash: string;
  warnings: Issue[];
}

/** A structurally sound flow and its validation problems (empty when valid). */
export interface CheckedFlow extends ParsedFlow {
  problems: Issue[];
}

export interface FlowService {
  /** Validates raw JSON strictly; throws 400 VALIDATION with every problem (paths under `base`). */
  parse(json: unknown, base?: string): ParsedFlow;
  /**
   * Accepts a draft: throws 400 VALIDATION only when the JSON is not structurally a flow (FlowSchema: ids, nodes,
   * edges, positions; unique node ids); other validation errors come back as `problems`.
   */
  check(json: unknown, base?: string): CheckedFlow;
  /** Validation problems of a stored flow (or version), cached by hash; empty when it is valid. */
  problems(stored: { flow: Flow; hash: string }): Issue[];
  /** Throws 400 FLOW_INVALID with the problems when the flow (version) must not run. */
  assertRunnable(stored: { flow: Flow; hash: string }, action?: string): void;
  /** Creates a flow; an invalid one is saved as a disabled draft (refused when `enabled`). */
  create(json: unknown, enabled?: boolean): Promise<StoredFlow>;
  /** Replaces a flow; an invalid version is saved as a draft only while the flow is disabled, else 400 FLOW_INVALID. */
  update(id: string, json: unknown, expectedVersion: number): Promise<StoredFlow>;
  remove(id: string): Promise<boolean>;
  setEnabled(id: string, enabled: boolean): Promise<StoredFlow>;
  importFlows(items: unknown[], enable?: boolean): Promise<ImportResult>;
  /** The enabled flow whose webhook trigger listens on `path`. */
  byWebhookPath(path: string): Promise<StoredFlow | undefined>;
}

/** Issues that mean the JSON is not a flow at all (even a draft must pass these). */
const STRUCTURAL = new Set<Issue['code']>(['schema', 'duplicate_node_id']);
const CACHE_MAX = 2000;

export function createFlowService(ctx: () => RuntimeContext): FlowService {
  let pathIndex: Map<string, string> | undefined;
  /** hash → validation problems. The catalog is fixed for the runtime's life, so a hash's problems never change. */
  const problemCache = new Map<string, Issue[]>();

  const reindex = async () => {
    const c = ctx();
    const next = new Map<string, string>();
    for (const s of await c.store.listFlows()) {
      const path = s.enabled ? flowTrigger(s.flow, c.catalog)?.webhook?.path : undefined;
      if (path && !next.has(path)) next.set(path, s.flow.id);
    }
    pathIndex = next;
  };

  const changed = async (flowId: string) => {
    await reindex();
    await ctx().scheduler.rearm(flowId);
  };

  /** 409 when another enabled flow (not in `except`) already claims this flow's webhook path. */
  const checkPath = async (flow: Flow, except: Set<string>) => {
    const c = ctx();
    const path = flowTrigger(flow, c.catalog)?.webhook?.path;
    if (!path) return;
    for (const s of await c.store.listFlows()) {
      if (except.has(s.flow.id) || !s.enabled) continue;
      if (flowTrigger(s.flow, c.catalog)?.webhook?.path === path) {
        throw pathClaimedError(path, s.flow.id);
      }
    }
  };

  const remember = (hash: string, problems: Issue[]) => {
    if (problemCache.size >= CACHE_MAX) problemCache.clear();
    problemCache.set(hash, problems);
  };

  /** Drafts stay out of directory mode: its files are what runs, and an invalid file is never loaded. */
  const refuseDraftInDirMode = (flow: Flow, problems: Issue[]) => {
    if (problems.length === 0 || !ctx().flowsDir) return;
    throw draftInDirModeError(flow.id, problems);
  };

  const service: FlowService = {
    parse(json, base = '') {
      const c = ctx();
      const result = validateFlow(json, c.catalog);
      if (!result.ok) {
        const details = toDetails(result.errors, base);
        throw new ApiError('VALIDATION', `The flow is not valid: ${details[0]?.message ?? ''}`, details);
      }
      return { flow: result.flow, hash: flowHash(result.flow, c.catalog), warnings: result.warnings };
    },

    check(json, base = '') {
      const c = ctx();
      const result = validateFlow(json, c.catalog);
      const parsed = FlowSchema.safeParse(json);
      const errors = result.ok ? [] : result.errors;
      if (!parsed.success || errors.some((i) => STRUCTURAL.has(i.code))) {
        const details = toDetails(errors, base);
        throw new ApiError(
          'VALIDATION',
          `The flow is not valid (not even as a draft): ${details[0]?.message ?? ''}`,
          details,
        );
      }
      const flow = result.ok ? result.flow : parsed.data;
      const hash = flowHash(flow, c.catalog);
      remember(hash, errors);
      return { flow, hash, warnings: result.warnings, problems: errors };
    },

    problems(stored) {
      const hit = problemCache.get(stored.hash);
      if (hit) return hit;
      const r = validateFlow(stored.flow, ctx().catalog);
      const problems = r.ok ? [] : r.errors;
      remember(stored.hash, problems);
      return problems;
    },

    assertRunnable(stored, action = 'run') {
      const problems = service.problems(stored);
      if (problems.length > 0) throw flowInvalidError(stored.flow.id, problems, action);
    },

    async create(json, enabled = false) {
      const c = ctx();
      const { flow, hash, problems } = service.check(json);
      if (enabled && problems.length > 0) throw flowInvalidError(flow.id, problems, 'be enabled');
      refuseDraftInDirMode(flow, problems);
      if (await c.store.getFlow(flow.id)) {
        throw new ApiError(
          'CONFLICT',
          `Flow ${flow.id} already exists: PUT /api/v1/flows/${flow.id} to change it.`,
          [{ path: 'id', message: 'already exists' }],
        );
      }
      await checkPath(flow, new Set([flow.id]));
      const saved = await c.store.saveFlow(flow, { hash, enabled });
      await changed(flow.id);
      return saved;
    },

    async update(id, json, expectedVersion) {
      const c = ctx();
      const { flow, hash, problems } = service.check(json);
      if (flow.id !== id) {
        throw new ApiError('VALIDATION', `The body's id "${flow.id}" differs from the URL's "${id}".`, [
          { path: 'id', message: `must be "${id}"; to rename a flow, create a new one and delete this one` },
        ]);
      }
      const current = await c.store.getFlow(id);
      if (!current) throw new ApiError('NOT_FOUND', `Flow ${id} does not exist.`);
      if (current.version !== expectedVersion) {
        throw new ApiError(
          'VERSION_CONFLICT',
          `Flow ${id} is at version ${current.version}, not ${expectedVersion}: reload it and apply your change again.`,
          [{ path: 'If-Match', message: `stale version ${expectedVersion}; current is ${current.version}` }],
          { currentVersion: current.version },
        );
      }
      if (current.enabled && problems.length > 0) throw invalidWhileEnabledError(id, problems);
      refuseDraftInDirMode(flow, problems);
      await checkPath(flow, new Set([id]));
      // `enabled` is not passed: the store keeps the stored value inside its write, so a disable (or enable) that
      // lands between our read and this save is never undone.
      const saved = await c.store.saveFlow(flow, { hash, expectedVersion });
      if (saved.enabled && problems.length > 0) {
        // Enabled between the check and the write: never leave an invalid flow enabled (as setEnabled does).
        await c.store.setFlowEnabled(id, false);
        await changed(id);
        throw flowInvalidError(id, problems, 'be enabled');
      }
      await changed(id);
      return saved;
    },

    async remove(id) {
      const removed = await ctx().store.deleteFlow(id);
      if (removed) await changed(id);
      return removed;
    },

    async setEnabled(id, enabled) {
      const c = ctx();
      const current = await c.store.getFlow(id);
      if (!current) throw new ApiError('NOT_FOUND', `Flow ${id} does not exist.`);
      if (enabled) {
        service.assertRunnable(current, 'be enabled');
        await checkPath(current.flow, new Set([id]));
      }
      const saved = await c.store.setFlowEnabled(id, enabled);
      if (enabled && saved.hash !== current.hash && service.problems(saved).length > 0) {
        // A draft was saved between the check and the write: never leave an invalid flow enabled.
        await c.store.setFlowEnabled(id, false);
        await changed(id);
        throw flowInvalidError(id, service.problems(saved), 'be enabled');
      }
      await changed(id);
      return saved;
    },

    async importFlows(items, enable) {
      const c = ctx();
      const parsed: Array<{ flow: Flow; hash: string }> = [];
      const details: ErrorDetail[] = [];
      items.forEach((json, i) => {
        try {
          parsed.push(service.parse(json, `flows[${i}]`));
        } catch (err) {
          if (err instanceof ApiError) details.push(...err.details);
          else throw err;
        }
      });
      const ids = parsed.map((p) => p.flow.id);
      ids.forEach((id, i) => {
        if (ids.indexOf(id) !== i)
          details.push({ path: `flows[${i}].id`, message: `duplicate flow id "${id}" in the import` });
      });
      if (details.length > 0) {
        throw new ApiError(
          'VALIDATION',
          `The import is not valid (nothing was saved): ${details[0]?.message}`,
          details,
        );
      }
      const result: ImportResult = { created: [], updated: [], unchanged: [] };
      const writes: Array<{ flow: Flow; hash: string; enabled?: boolean }> = [];
      const all = new Set(ids);
      const claimed = new Map<string, string>();
      for (const { flow, hash } of parsed) {
        const current = await c.store.getFlow(flow.id);
        const willEnable = enable ?? current?.enabled ?? false;
        const path = flowTrigger(flow, c.catalog)?.webhook?.path;
        if (path && willEnable) {
          const other = claimed.get(path);
          if (other)
            throw new ApiError('CONFLICT', `Flows "${other}" and "${flow.id}" both claim /hooks/${path}.`);
          claimed.set(path, flow.id);
          await checkPath(flow, all);
        }
        if (!current) result.created.push(flow.id);
        else if (current.hash === hash && (enable === undefined || current.enabled === enable)) {
          result.unchanged.push(flow.id);
          continue;
        } else result.updated.push(flow.id);
        writes.push({ flow, hash, enabled: willEnable });
      }
      if (writes.length > 0) await c.store.saveFlows(writes);
      await reindex();
      for (const w of writes) await c.scheduler.rearm(w.flow.id);
      return result;
    },

    async byWebhookPath(path) {
      if (!pathIndex) await reindex();
      const id = pathIndex?.get(path);
      if (!id) return undefined;
      const s = await ctx().store.getFlow(id);
      return s?.enabled ? s : undefined;
    },
  };
  return service;
}
