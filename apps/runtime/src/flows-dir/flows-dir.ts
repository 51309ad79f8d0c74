/**
 * Directory mode (`--flows-dir`): the `*.flow.json` files of one directory are the source of truth. File changes reach
 * the store through the same FlowService the API uses (so webhooks and schedules are re-armed); API saves write the
 * canonical file back. Enabled/disabled state lives in the store only.
 */
import path from 'node:path';
import { toCanonicalJson } from '@idflow/engine';
import type { RuntimeContext } from '../context';
import type { FlowService } from '../flow-service';
import { ApiError } from '../http/errors';
import type { StoredFlow } from '../store/types';
import { type CliTools, loadCliTools } from './cli-tools';
import { readFlowDir, readIfExists, removeFile, sha256, writeFileAtomic } from './dir-files';
import { type DirWatcher, watchDirectory } from './dir-watcher';
import { type FileIssue, fileNameFor, parseFlowFile } from './flow-file';
import { createManagedIds } from './managed-ids';
import { createLock } from './serial-lock';

/**
 * `loaded`: the file's last change was applied (flow created or replaced). `unchanged`: the file already agreed with
 * the stored flow (at start, a save without a real change, or the runtime's own write after an API save).
 * `invalid`: rejected (see `errors`); the last good version, if any, keeps running.
 */
export type FlowsDirFileStatus = 'loaded' | 'invalid' | 'unchanged';

export interface FlowsDirFile {
  file: string;
  flowId?: string;
  status: FlowsDirFileStatus;
  errors?: FileIssue[];
  warnings?: FileIssue[];
  /** The file's older schemaVersion, migrated in memory when loaded (run `idflow migrate` to update the file). */
  migratedFrom?: number;
}

export interface FlowsDirView {
  dir: string;
  files: FlowsDirFile[];
}

export interface FlowsDir {
  /** Absolute path of the directory. */
  dir: string;
  /** The FlowService routes use: create/update/import write the canonical file, remove deletes it. */
  service: FlowService;
  /** Loads every file, then watches the directory. */
  start(): Promise<void>;
  /** Stops watching and waits for a scan in progress. */
  stop(): Promise<void>;
  /** Scans the directory now (the watcher calls this, debounced). */
  sync(): Promise<void>;
  view(): FlowsDirView;
}

export const FLOWS_DIR_DEBOUNCE_MS = 150;

const isPathConflict = (err: unknown): err is ApiError =>
  err instanceof ApiError && err.code === 'CONFLICT' && typeof err.extra.conflictingFlowId === 'string';

/**
 * @example const fd = createFlowsDir(ctx, createFlowService(ctx), 'flows'); context.flows = fd.service; await fd.start();
 */
export function createFlowsDir(
  ctx: () => RuntimeContext,
  base: FlowService,
  dirInput: string,
  options: { debounceMs?: number } = {},
): FlowsDir {
  const dir = path.resolve(dirInput);
  /** Per file: the sha of the bytes last handled, and what came of it. */
  const seen = new Map<string, { sha: string; entry: FlowsDirFile }>();
  const managedIds = createManagedIds(ctx, dir);
  /** Flow ids that have their file in the directory (loaded from it or written to it). */
  const managed = managedIds.ids;
  let tools: CliTools | undefined;
  let watcher: DirWatcher | undefined;
  let stopped = false;
  const lock = createLock();
  const log = () => ctx().log;

  const persistManaged = () => managedIds.persist();

  const invalid = (file: string, flowId: string | undefined, errors: FileIssue[]): FlowsDirFile => {
    log().warn(
      { file: path.join(dir, file), flowId, errors },
      `flows dir: ${file} is invalid (${errors[0]?.path ? `${errors[0].path}: ` : ''}${errors[0]?.message}); the last good version keeps running`,
    );
    return { file, ...(flowId ? { flowId } : {}), status: 'invalid', errors };
  };

  /** Applies one changed file through the base service. Unexpected (non-API) errors propagate: the file is retried. */
  const applyFile = async (file: string, text: string): Promise<FlowsDirFile> => {
    const c = ctx();
    const parsed = parseFlowFile(file, text, c.catalog, tools!);
    if (!parsed.ok) return invalid(file, parsed.flowId, parsed.errors);
    const { flow, hash } = parsed;
    const warnings = [...parsed.warnings];
    const current = await c.store.getFlow(flow.id);
    let status: FlowsDirFileStatus = 'loaded';
    try {
      if (!current) {
        // New flows from the directory start enabled: the directory is what should run.
        try {
          await base.create(flow, true);
        } catch (err) {
          if (!isPathConflict(err)) throw err;
          await base.create(flow, false);
          warnings.push({ path: 'nodes', message: `created disabled: ${err.message}`, code: 'webhookPath' });
        }
      } else if (current.hash === hash) status = 'unchanged';
      else await base.update(flow.id, flow, current.version);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return invalid(
        file,
        flow.id,
        err.details.length > 0 ? err.details : [{ path: '', message: err.message }],
      );
    }
    managed.add(flow.id);
    if (status === 'loaded')
      log().info(
        { flowId: flow.id, file: path.join(dir, file), migratedFrom: parsed.migratedFrom },
        'flows dir: flow loaded',
      );
    return {
      file,
      flowId: flow.id,
      status,
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(parsed.migratedFrom === undefined ? {} : { migratedFrom: parsed.migratedFrom }),
    };
  };

  const forget = async (id: string) => {
    managed.delete(id);
    if (await base.remove(id))
      log().info(
        { flowId: id, file: path.join(dir, fileNameFor(id)) },
        'flows dir: file removed, flow deleted',
      );
  };

  /** One scan: apply changed files, delete flows whose file is gone. Call under the lock. */
  const reconcile = async () => {
    let files: Awaited<ReturnType<typeof readFlowDir>>;
    try {
      files = await readFlowDir(dir);
    } catch (err) {
      log().error({ err, dir }, 'flows dir: cannot read the directory');
      return;
    }
    for (const [file, f] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
      const sha = 'error' in f ? `error:${f.error}` : f.sha;
      if (seen.get(file)?.sha === sha) continue;
      log().debug({ file: path.join(dir, file) }, 'flows dir: file changed');
      try {
        const entry =
          'error' in f
            ? invalid(file, undefined, [{ path: '', message: f.error }])
            : await applyFile(file, f.text);
        seen.set(file, { sha, entry });
      } catch (err) {
        log().error(
          { err, file: path.join(dir, file) },
          'flows dir: could not apply the file; will retry on the next change',
        );
      }
    }
    for (const file of [...seen.keys()]) if (!files.has(file)) seen.delete(file);
    for (const id of [...managed]) if (!files.has(fileNameFor(id))) await forget(id);
    await persistManaged();
  };

  /** Writes the stored flow's canonical JSON (the export endpoint's bytes) unless the file already has them. */
  const writeOut = async (stored: StoredFlow, onlyIfMissing = false) => {
    const file = fileNameFor(stored.flow.id);
    const full = path.join(dir, file);
    const text = toCanonicalJson(stored.flow, ctx().catalog);
    try {
      const current = await readIfExists(full);
      if (current !== undefined && (onlyIfMissing || current === text)) {
        if (current === text)
          seen.set(file, { sha: sha256(text), entry: { file, flowId: stored.flow.id, status: 'unchanged' } });
        managed.add(stored.flow.id);
        return;
      }
      await writeFileAtomic(full, text);
      // Recorded before the watcher's scan can run (it waits for the lock): the scan sees a known sha and does nothing.
      seen.set(file, { sha: sha256(text), entry: { file, flowId: stored.flow.id, status: 'unchanged' } });
      managed.add(stored.flow.id);
      log().info({ flowId: stored.flow.id, file: full }, 'flows dir: wrote the flow file');
    } catch (err) {
      log().error(
        { err, file: full },
        'flows dir: could not write the flow file; the flow is saved in the store',
      );
    }
  };

  /** API writes: catch up with the directory first (so a stale editor save gets 409), then save, then write the file. */
  const writing = <T>(fn: () => Promise<T>) =>
    lock(async () => {
      await reconcile();
      const result = await fn();
      await persistManaged();
      return result;
    });

  const service: FlowService = {
    ...base,
    create: (json, enabled) =>
      writing(async () => {
        const saved = await base.create(json, enabled);
        await writeOut(saved);
        return saved;
      }),
    update: (id, json, expectedVersion) =>
      writing(async () => {
        const saved = await base.update(id, json, expectedVersion);
        await writeOut(saved);
        return saved;
      }),
    remove: (id) =>
      writing(async () => {
        const removed = await base.remove(id);
        if (removed) {
          const file = fileNameFor(id);
          try {
            await removeFile(path.join(dir, file));
            seen.delete(file);
            managed.delete(id);
          } catch (err) {
            log().error({ err, file: path.join(dir, file) }, 'flows dir: could not delete the flow file');
          }
        }
        return removed;
      }),
    importFlows: (items, enable) =>
      writing(async () => {
        const result = await base.importFlows(items, enable);
        for (const id of [...result.created, ...result.updated, ...result.unchanged]) {
          const stored = await ctx().store.getFlow(id);
          if (stored) await writeOut(stored, result.unchanged.includes(id));
        }
        return result;
      }),
  };

  const sync = () =>
    lock(async () => {
      if (!stopped) await reconcile();
    }).catch((err: unknown) => log().error({ err }, 'flows dir: scan failed'));

  return {
    dir,
    service,
    async start() {
      tools = await loadCliTools();
      await managedIds.load();
      watcher = watchDirectory(
        dir,
        options.debounceMs ?? FLOWS_DIR_DEBOUNCE_MS,
        () => void sync(),
        (err) => log().error({ err, dir }, 'flows dir: watching stopped'),
      );
      await sync();
      const files = [...seen.values()].map((s) => s.entry);
      log().info(
        { dir, files: files.length, invalid: files.filter((f) => f.status === 'invalid').length },
        'flows dir: loaded; watching for changes',
      );
    },
    async stop() {
      stopped = true;
      watcher?.close();
      await lock(async () => undefined);
    },
    sync,
    view: () => ({
      dir,
      files: [...seen.values()].map((s) => s.entry).sort((a, b) => a.file.localeCompare(b.file)),
    }),
  };
}
