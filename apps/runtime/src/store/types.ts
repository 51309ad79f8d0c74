/** The storage contract every store (lowdb files, PostgreSQL) implements; the runtime talks only to this. */
import type { Flow, RunRecord, RunStatus } from '@idflow/engine';

export interface StoredFlow {
  flow: Flow;
  version: number;
  hash: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface FlowVersionEntry {
  flowId: string;
  version: number;
  hash: string;
  savedAt: string;
  /** Human summary of what changed against the previous version ("2 nodes changed, 1 edge added"). */
  summary: string;
  flow: Flow;
}

/** Connection as stored: secret fields encrypted (`enc:v1:...`) or referenced (`env:NAME`), never plain. */
export interface StoredConnection {
  name: string;
  kind: 'scim' | 'http';
  baseUrl: string;
  auth: Record<string, unknown> & { type: string };
  options: Record<string, unknown>;
  revision: string;
  createdAt: string;
  updatedAt: string;
}

/** Per-flow webhook secret (token or HMAC key), encrypted like connection secrets. */
export interface StoredWebhookSecret {
  flowId: string;
  secret: string;
  updatedAt: string;
}

export interface ScheduleState {
  flowId: string;
  lastFireAt?: string;
  lastRunId?: string;
}

export interface RunQuery {
  flowId?: string;
  status?: RunStatus[];
  since?: string;
  until?: string;
  /** Case-insensitive text search over trigger data (e.g. a userName). */
  q?: string;
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  /** Top-level runs only (no helper-flow child runs) unless true. */
  includeChildren?: boolean;
}

export interface RunPage {
  items: RunRecord[];
  nextCursor?: string;
}

export interface RetentionPolicy {
  maxRunsPerFlow: number;
  maxAgeDays: number;
}

export interface IdempotencyEntry {
  key: string;
  runId: string;
  expiresAt: string;
}

export interface Store {
  /** Loads every file; throws StoreCorruptError naming the file when one cannot be read. Never overwrites it. */
  open(): Promise<void>;
  /** Flushes pending writes and releases resources. */
  close(): Promise<void>;

  listFlows(): Promise<StoredFlow[]>;
  /** Read-only: the file store hands out deep-frozen shared objects (copy before changing anything). */
  getFlow(id: string): Promise<StoredFlow | undefined>;
  /**
   * Creates or replaces a flow. `expectedVersion` (when given) must equal the stored version, else
   * VersionConflictError and nothing is written. Records a version entry when the hash changed.
   */
  saveFlow(
    flow: Flow,
    opts: { expectedVersion?: number; enabled?: boolean; hash: string },
  ): Promise<StoredFlow>;
  /** Saves several flows in one write: all or nothing. */
  saveFlows(items: Array<{ flow: Flow; hash: string; enabled?: boolean }>): Promise<StoredFlow[]>;
  setFlowEnabled(id: string, enabled: boolean): Promise<StoredFlow>;
  deleteFlow(id: string): Promise<boolean>;
  listFlowVersions(flowId: string): Promise<Array<Omit<FlowVersionEntry, 'flow'>>>;
  getFlowVersion(flowId: string, hash: string): Promise<FlowVersionEntry | undefined>;

  listConnections(): Promise<StoredConnection[]>;
  getConnection(name: string): Promise<StoredConnection | undefined>;
  saveConnection(conn: StoredConnection): Promise<void>;
  deleteConnection(name: string): Promise<boolean>;

  getWebhookSecret(flowId: string): Promise<StoredWebhookSecret | undefined>;
  saveWebhookSecret(entry: StoredWebhookSecret): Promise<void>;

  getScheduleState(flowId: string): Promise<ScheduleState | undefined>;
  saveScheduleState(state: ScheduleState): Promise<void>;

  /** Settings such as the admin token hash. */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;

  /**
   * Records a run (insert or update by id). Resolves only once the record is durable on disk/in the DB,
   * so a 202 can be sent after it. Implementations batch concurrent writes; never rewrite the whole history.
   * Saves are applied in call order (a later save of the same id wins even when the caller did not await the
   * earlier one). `json`, when given, is exactly `JSON.stringify(run)` (the caller built it already).
   */
  saveRun(run: RunRecord, json?: string): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(query: RunQuery): Promise<RunPage>;
  /** Runs in these statuses (start-up recovery: running → interrupted, queued → resumed). */
  findRunsByStatus(statuses: RunStatus[]): Promise<RunRecord[]>;
  /** Applies the retention policy; returns how many runs were removed. */
  pruneRuns(policy: RetentionPolicy, now: Date): Promise<number>;
  countRuns(): Promise<number>;

  /** Atomically claims an idempotency key: returns the existing entry if still valid, else stores and returns undefined. */
  claimIdempotencyKey(entry: IdempotencyEntry, now: Date): Promise<IdempotencyEntry | undefined>;
  /**
   * Gives a claimed key back (the run it named was never created): deletes the entry only while it still names
   * `runId`, so a later claim by another run is left alone.
   */
  releaseIdempotencyKey(key: string, runId: string): Promise<void>;
}

export class StoreCorruptError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `Data file ${file} cannot be read (${reason}). It was left untouched. Restore it from the backup beside it (${file}.bak) or move it away to start empty.`,
    );
    this.name = 'StoreCorruptError';
  }
}

export class VersionConflictError extends Error {
  constructor(
    readonly flowId: string,
    readonly currentVersion: number,
    readonly expectedVersion: number,
  ) {
    super(
      `Flow ${flowId} is at version ${currentVersion}, not ${expectedVersion}: reload it and apply your change again.`,
    );
    this.name = 'VersionConflictError';
  }
}
