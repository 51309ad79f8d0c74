/** The default Store: state.json through lowdb for flows and settings, JSON Lines segments for run history. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord } from '@idflow/engine';
import { FlowNotFoundError } from '../errors';
import type { IdempotencyEntry, Store, StoredFlow } from '../types';
import { applyFlowSave, checkFlowSave } from './flow-ops';
import { RunLog } from './run-log';
import { StateDb } from './state-db';

export interface FileStoreOptions {
  /** Data folder: `state.json`, `state.json.bak`, `runs/*.jsonl`. Created when missing. */
  dir: string;
  /** Extra wait before a run-history batch is written (more runs per fdatasync, more latency). Default 0: next tick. */
  fsyncBatchMs?: number;
  /** A run-history segment rolls over past this size. Default 64 MiB. */
  maxSegmentBytes?: number;
  /** Recently read run records kept in memory for getRun (written ones are not). Default 512. */
  cacheSize?: number;
  /** Clock for timestamps and segment days. */
  now?: () => Date;
  /** Where recoverable problems (a torn last line) are reported. Default console.warn. */
  warn?: (message: string) => void;
}

export interface FileStoreStats {
  /** Run-history appends (each one write + one fdatasync), however many runs each carried. */
  appends: number;
  fsyncs: number;
  bytesAppended: number;
  runsIndexed: number;
  segments: number;
  compactions: number;
  segmentsDeleted: number;
  tornTails: number;
  cacheHits: number;
  /** state.json writes. */
  stateWrites: number;
  /** How long the last open() took to rebuild the run index. */
  openMs: number;
}

export interface FileStore extends Store {
  stats(): FileStoreStats;
}

/**
 * @example
 * const store = createFileStore({ dir: './data' });
 * await store.open();
 * await store.saveRun(run); // durable once resolved
 */
export function createFileStore(options: FileStoreOptions): FileStore {
  const now = options.now ?? (() => new Date());
  const iso = () => now().toISOString();
  const makeState = () => new StateDb(path.join(options.dir, 'state.json'));
  const makeRuns = () =>
    new RunLog({
      runsDir: path.join(options.dir, 'runs'),
      now,
      fsyncBatchMs: options.fsyncBatchMs ?? 0,
      maxSegmentBytes: options.maxSegmentBytes ?? 64 * 1024 * 1024,
      cacheSize: options.cacheSize ?? 512,
      warn: options.warn ?? ((m) => console.warn(m)),
    });
  // Fresh instances on every open(), so close() + open() reads everything back from disk.
  let state = makeState();
  let runs = makeRuns();
  const copy = structuredClone;
  /**
   * Reads hand out one deep-frozen copy per committed state object (mutations replace entries, never change them),
   * made on first read: no structuredClone per read on the webhook path, and a caller cannot change the store.
   */
  const readOnly = new WeakMap<object, unknown>();
  const shared = <T>(value: T | undefined): T | undefined => {
    if (value === undefined || value === null || typeof value !== 'object') return value;
    let out = readOnly.get(value) as T | undefined;
    if (out === undefined) {
      out = deepFreeze(copy(value));
      readOnly.set(value, out);
    }
    return out;
  };

  return {
    async open() {
      await mkdir(options.dir, { recursive: true });
      state = makeState();
      runs = makeRuns();
      await state.open();
      await runs.open();
    },
    async close() {
      await state.flush();
      await runs.close();
    },

    listFlows: async () => Object.values(state.data.flows).map((f) => shared(f)!),
    getFlow: async (id) => shared(state.data.flows[id]),
    saveFlow: (flow, opts) =>
      state.mutate((draft) => {
        const item = { flow, ...opts };
        checkFlowSave(draft, item);
        return applyFlowSave(draft, item, iso());
      }),
    saveFlows: (items) =>
      state.mutate((draft) => {
        const ids = new Set(items.map((i) => i.flow.id));
        if (ids.size !== items.length)
          throw new Error('saveFlows: the same flow id appears twice; nothing was saved');
        for (const item of items) checkFlowSave(draft, item);
        return items.map((item) => applyFlowSave(draft, item, iso()));
      }),
    setFlowEnabled: (id, enabled) =>
      state.mutate((draft): StoredFlow => {
        const existing = draft.flows[id];
        if (!existing) throw new FlowNotFoundError(id);
        const next = {
          ...existing,
          enabled,
          updatedAt: existing.enabled === enabled ? existing.updatedAt : iso(),
        };
        draft.flows[id] = next;
        return copy(next);
      }),
    deleteFlow: (id) =>
      state.mutate((draft) => {
        if (!draft.flows[id]) return false;
        delete draft.flows[id];
        delete draft.versions[id];
        delete draft.webhookSecrets[id];
        delete draft.schedules[id];
        return true;
      }),
    listFlowVersions: async (flowId) =>
      Object.values(state.data.versions[flowId] ?? {})
        .sort((a, b) => b.version - a.version)
        .map(({ flow: _flow, ...meta }) => meta),
    getFlowVersion: async (flowId, hash) => shared(state.data.versions[flowId]?.[hash]),

    listConnections: async () => Object.values(state.data.connections).map((c) => shared(c)!),
    getConnection: async (name) => shared(state.data.connections[name]),
    saveConnection: async (conn) => {
      const value = copy(conn);
      await state.mutate((draft) => {
        draft.connections[conn.name] = value;
      });
    },
    deleteConnection: (name) =>
      state.mutate((draft) => {
        if (!draft.connections[name]) return false;
        delete draft.connections[name];
        return true;
      }),

    getWebhookSecret: async (flowId) => shared(state.data.webhookSecrets[flowId]),
    saveWebhookSecret: async (entry) => {
      const value = copy(entry);
      await state.mutate((draft) => {
        draft.webhookSecrets[entry.flowId] = value;
      });
    },
    getScheduleState: async (flowId) => shared(state.data.schedules[flowId]),
    saveScheduleState: async (entry) => {
      const value = copy(entry);
      await state.mutate((draft) => {
        draft.schedules[entry.flowId] = value;
      });
    },
    getSetting: async (key) => state.data.settings[key],
    setSetting: async (key, value) => {
      await state.mutate((draft) => {
        draft.settings[key] = value;
      });
    },

    saveRun: (run: RunRecord, json?: string) => runs.save(run, json),
    getRun: (id) => runs.get(id),
    listRuns: (query) => runs.list(query),
    findRunsByStatus: (statuses) => runs.findByStatus(statuses),
    pruneRuns: (policy, at) => runs.prune(policy, at),
    countRuns: async () => runs.index.entries.size,

    claimIdempotencyKey: (entry, at) =>
      state.mutate((draft): IdempotencyEntry | undefined => {
        const t = at.getTime();
        for (const [key, e] of Object.entries(draft.idempotency)) {
          if (Date.parse(e.expiresAt) <= t) delete draft.idempotency[key];
        }
        const existing = draft.idempotency[entry.key];
        if (existing) return copy(existing);
        draft.idempotency[entry.key] = copy(entry);
        return undefined;
      }),

    releaseIdempotencyKey: (key, runId) =>
      state.mutate((draft) => {
        if (draft.idempotency[key]?.runId === runId) delete draft.idempotency[key];
      }),

    stats: () => ({
      appends: runs.writer.stats.appends,
      fsyncs: runs.writer.stats.fsyncs,
      bytesAppended: runs.writer.stats.bytes,
      runsIndexed: runs.index.entries.size,
      segments: runs.index.segments.length,
      compactions: runs.counters.compactions,
      segmentsDeleted: runs.counters.segmentsDeleted,
      tornTails: runs.counters.tornTails,
      cacheHits: runs.counters.cacheHits,
      stateWrites: state.writes,
      openMs: runs.counters.openMs,
    }),
  };
}

/** Freezes a plain JSON-like value and everything under it; returns it. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
