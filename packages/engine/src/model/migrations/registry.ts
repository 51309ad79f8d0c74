/** The ordered list of schemaVersion migrations and `migrateFlowJson`, which brings any older file up to date. */
import { CURRENT_SCHEMA_VERSION } from '../flow-schema';
import { isJsonObject, type JsonObject, type Migration } from './types';
import { v0ToV1 } from './v0-to-v1';

/** Ordered; each step goes from n to n + 1. Add new migrations at the end. */
export const migrations: readonly Migration[] = [v0ToV1];

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Throws when the list is not a gap-free chain ending at the current schemaVersion. */
export function assertMigrationChain(list: readonly Migration[], current = CURRENT_SCHEMA_VERSION): void {
  list.forEach((m, i) => {
    if (m.to !== m.from + 1)
      throw new MigrationError(`migration ${m.from} → ${m.to} must step by one version`);
    const prev = list[i - 1];
    if (prev && prev.to !== m.from)
      throw new MigrationError(`migration ${m.from} → ${m.to} does not follow ${prev.to}`);
  });
  const last = list.at(-1);
  if (last && last.to !== current)
    throw new MigrationError(`migrations end at ${last.to}, current is ${current}`);
}

export interface MigrationResult {
  json: unknown;
  /** The file's version before migrating; undefined when it had none. */
  fromVersion: number | undefined;
  toVersion: number | undefined;
  /** The steps applied, in order (empty when the file was current or not a flow). */
  applied: Migration[];
}

/**
 * Brings a parsed flow file up to the current schemaVersion. Files without a numeric schemaVersion and files that
 * are already current come back unchanged (validation reports what is wrong with them).
 * Throws MigrationError for a version newer than this build knows.
 * @example migrateFlowJson({ schemaVersion: 0, nodes: [], edges: [] }).json // { schemaVersion: 1, ... }
 */
export function migrateFlowJson(
  input: unknown,
  options: { list?: readonly Migration[]; target?: number } = {},
): MigrationResult {
  const list = options.list ?? migrations;
  const target = options.target ?? CURRENT_SCHEMA_VERSION;
  if (
    !isJsonObject(input) ||
    typeof input.schemaVersion !== 'number' ||
    !Number.isInteger(input.schemaVersion)
  ) {
    const v =
      isJsonObject(input) && typeof input.schemaVersion === 'number' ? input.schemaVersion : undefined;
    return { json: input, fromVersion: v, toVersion: v, applied: [] };
  }
  const fromVersion = input.schemaVersion;
  if (fromVersion > target) {
    throw new MigrationError(
      `schemaVersion ${fromVersion} is newer than this idflow understands (${target}); upgrade idflow`,
    );
  }
  let json: JsonObject = input;
  const applied: Migration[] = [];
  for (let v = fromVersion; v < target; v++) {
    const step = list.find((m) => m.from === v);
    if (!step)
      throw new MigrationError(
        `no migration from schemaVersion ${v}; the oldest supported is ${list[0]?.from}`,
      );
    json = step.migrate(json);
    json.schemaVersion = step.to;
    applied.push(step);
  }
  return { json, fromVersion, toVersion: target, applied };
}
