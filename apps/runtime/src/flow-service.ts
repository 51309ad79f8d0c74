/** Flow writes in one place: validation, webhook path claims, all-or-nothing import, and re-arming triggers after a change. */
import { type Flow, flowHash, type Issue, validateFlow } from '@idflow/engine';
import type { RuntimeContext } from './context';
import { flowTrigger } from './flow-triggers';
import { ApiError, type ErrorDetail } from './http/errors';
import type { StoredFlow } from './store/types';

export interface ImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

export interface FlowService {
  /** Validates raw JSON; throws 400 VALIDATION with every problem (paths under `base`). */
  parse(json: unknown, base?: string): { flow: Flow; hash: string; warnings: Issue[] };
  create(json: unknown, enabled?: boolean): Promise<StoredFlow>;
  update(id: string, json: unknown, expectedVersion: number): Promise<StoredFlow>;
  remove(id: string): Promise<boolean>;
  setEnabled(id: string, enabled: boolean): Promise<StoredFlow>;
  importFlows(items: unknown[], enable?: boolean): Promise<ImportResult>;
  /** The enabled flow whose webhook trigger listens on `path`. */
  byWebhookPath(path: string): Promise<StoredFlow | undefined>;
}

const prefix = (base: string, path: string) => (base ? (path ? `${base}.${path}` : base) : path);

export function createFlowService(ctx: () => RuntimeContext): FlowService {
  let pathIndex: Map<string, string> | undefined;

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
        throw new ApiError(
          'CONFLICT',
          `The enabled flow "${s.flow.id}" already listens on /hooks/${path}: pick another path or disable that flow first.`,
          [
            {
              path: 'nodes',
              message: `webhook path "${path}" is claimed by flow "${s.flow.id}"`,
              nodeId: s.flow.id,
            },
          ],
          { conflictingFlowId: s.flow.id },
        );
      }
    }
  };

  const service: FlowService = {
    parse(json, base = '') {
      const c = ctx();
      const result = validateFlow(json, c.catalog);
      if (!result.ok) {
        const details: ErrorDetail[] = result.errors.map((i) => ({
          path: prefix(base, i.path),
          message: i.message,
          code: i.code,
          ...(i.nodeId ? { nodeId: i.nodeId } : {}),
        }));
        throw new ApiError('VALIDATION', `The flow is not valid: ${details[0]?.message ?? ''}`, details);
      }
      return { flow: result.flow, hash: flowHash(result.flow, c.catalog), warnings: result.warnings };
    },

    async create(json, enabled = false) {
      const c = ctx();
      const { flow, hash } = service.parse(json);
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
      const { flow, hash } = service.parse(json);
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
      await checkPath(flow, new Set([id]));
      const saved = await c.store.saveFlow(flow, { hash, expectedVersion, enabled: current.enabled });
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
      if (enabled) await checkPath(current.flow, new Set([id]));
      const saved = await c.store.setFlowEnabled(id, enabled);
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
