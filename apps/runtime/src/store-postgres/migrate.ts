/** Copies everything one Store holds into another (file store → PostgreSQL for scale-out, or back). */
import { ADMIN_TOKEN_SETTING } from '../auth';
import type { FlowVersionEntry, Store, StoredFlow } from '../store/types';

export interface MigrateStoreReport {
  flows: number;
  flowVersions: number;
  connections: number;
  webhookSecrets: number;
  scheduleStates: number;
  settings: number;
  runs: number;
}

export interface MigrateStoreOptions {
  /** Runs per page read from the source. Default 500. */
  pageSize?: number;
  /**
   * Setting keys to copy. The Store contract cannot list settings, so the known keys are named here.
   * Default: the admin token hash. The CLI reads every key from a data folder's state.json.
   */
  settingKeys?: string[];
  /** Called after each page of runs. */
  onProgress?: (report: MigrateStoreReport) => void;
}

/** A target that can write a flow exactly as stored (the PostgreSQL store can). */
interface FlowImporter {
  importFlow(stored: StoredFlow, versions: FlowVersionEntry[]): Promise<void>;
}

function canImport(store: Store): store is Store & FlowImporter {
  return typeof (store as Partial<FlowImporter>).importFlow === 'function';
}

export const DEFAULT_SETTING_KEYS = [ADMIN_TOKEN_SETTING];

/**
 * Copies flows with every version, connections (encrypted secrets as they are: both sides must use the same
 * IDFLOW_SECRET_KEY), webhook secrets, schedule state, settings and run history (page by page, children too).
 * Both stores must be open. Running it twice gives the same result: every write is an upsert.
 * Idempotency keys are short-lived and not copied.
 * @example
 * const report = await migrateStore(createFileStore({ dir: 'data' }), createPostgresStore({ connectionString }));
 */
export async function migrateStore(
  from: Store,
  to: Store,
  options: MigrateStoreOptions = {},
): Promise<MigrateStoreReport> {
  const report: MigrateStoreReport = {
    flows: 0,
    flowVersions: 0,
    connections: 0,
    webhookSecrets: 0,
    scheduleStates: 0,
    settings: 0,
    runs: 0,
  };
  for (const stored of await from.listFlows()) {
    const id = stored.flow.id;
    const metas = await from.listFlowVersions(id);
    const versions: FlowVersionEntry[] = [];
    for (const meta of metas) {
      const v = await from.getFlowVersion(id, meta.hash);
      if (v) versions.push(v);
    }
    await copyFlow(to, stored, versions);
    report.flows++;
    report.flowVersions += versions.length;

    const secret = await from.getWebhookSecret(id);
    if (secret) {
      await to.saveWebhookSecret(secret);
      report.webhookSecrets++;
    }
    const schedule = await from.getScheduleState(id);
    if (schedule) {
      await to.saveScheduleState(schedule);
      report.scheduleStates++;
    }
  }
  for (const conn of await from.listConnections()) {
    await to.saveConnection(conn);
    report.connections++;
  }
  for (const key of options.settingKeys ?? DEFAULT_SETTING_KEYS) {
    const value = await from.getSetting(key);
    if (value !== undefined) {
      await to.setSetting(key, value);
      report.settings++;
    }
  }
  let cursor: string | undefined;
  do {
    const page = await from.listRuns({
      includeChildren: true,
      limit: options.pageSize ?? 500,
      ...(cursor ? { cursor } : {}),
    });
    await Promise.all(page.items.map((run) => to.saveRun(run)));
    report.runs += page.items.length;
    cursor = page.nextCursor;
    options.onProgress?.({ ...report });
  } while (cursor);
  return report;
}

/**
 * Exactly (version numbers and times) when the target supports it; otherwise by replaying the versions oldest first
 * through saveFlow, which renumbers them 1..n and stamps them now, then the current flow.
 */
async function copyFlow(to: Store, stored: StoredFlow, versions: FlowVersionEntry[]): Promise<void> {
  if (canImport(to)) {
    await to.importFlow(stored, versions);
    return;
  }
  for (const v of [...versions].sort((a, b) => a.version - b.version)) {
    await to.saveFlow(v.flow, { hash: v.hash, enabled: stored.enabled });
  }
  await to.saveFlow(stored.flow, { hash: stored.hash, enabled: stored.enabled });
}
