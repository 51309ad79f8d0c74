/** Reads flow files: JSON with line/column errors, schemaVersion migration, then validation against the catalog. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog, Flow, Issue } from '@idflow/engine';
import { validateFlow } from '@idflow/engine';
import { CliError } from '../errors';
import { MigrationError, migrateFlowJson } from '../migrations/index';
import { JsonSyntaxError, parseJson } from './parse-json';

/**
 * Reads and parses a JSON file. Throws CliError naming the file for a missing file and for bad JSON
 * (`file:line:column: message`).
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${file}: is a directory, expected a file`);
    throw new CliError(`${file}: cannot read: ${(error as Error).message}`);
  }
  try {
    return parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const { line, column, message } = error.issue;
      throw new CliError(
        `${file}:${line}:${column}: invalid JSON: ${message} (line ${line}, column ${column})`,
      );
    }
    throw error;
  }
}

/** Says why parsed JSON is not a flow file, or undefined when it looks like one. */
export function notAFlowReason(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return `not a flow file: expected a JSON object, found ${Array.isArray(json) ? 'an array' : typeof json}`;
  }
  const record = json as Record<string, unknown>;
  if ('cases' in record && 'flow' in record)
    return 'not a flow file: this is a flow test file (run "idflow test")';
  if (!('nodes' in record) && !('schemaVersion' in record)) {
    return 'not a flow file: it has neither "schemaVersion" nor "nodes"';
  }
  return undefined;
}

export interface LoadedFlowFile {
  file: string;
  /** The JSON after migration. */
  json: unknown;
  /** Set when the file was migrated on load. */
  migratedFrom?: number;
}

/** Reads a flow file and migrates it to the current schemaVersion. */
export async function loadFlowJson(file: string): Promise<LoadedFlowFile> {
  const raw = await readJsonFile(file);
  const reason = notAFlowReason(raw);
  if (reason) throw new CliError(`${file}: ${reason}`);
  try {
    const { json, applied, fromVersion } = migrateFlowJson(raw);
    return applied.length > 0 ? { file, json, migratedFrom: fromVersion } : { file, json };
  } catch (error) {
    if (error instanceof MigrationError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

export type CheckedFlowFile =
  | (LoadedFlowFile & { ok: true; flow: Flow; warnings: Issue[] })
  | (LoadedFlowFile & { ok: false; errors: Issue[]; warnings: Issue[] });

/** Loads, migrates and validates one flow file. File-level problems (missing, bad JSON) still throw CliError. */
export async function checkFlowFile(file: string, catalog: Pick<Catalog, 'get'>): Promise<CheckedFlowFile> {
  const loaded = await loadFlowJson(file);
  const result = validateFlow(loaded.json, catalog);
  return { ...loaded, ...result };
}

/** `file: path: message` (the engine's messages already start with the path; it is not repeated). */
export function formatIssue(file: string, issue: Issue, severity: 'error' | 'warning'): string {
  const prefix = `${issue.path}: `;
  const message =
    issue.path && issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
  const path = issue.path || '(flow)';
  return `${file}: ${path}: ${severity === 'warning' ? 'warning: ' : ''}${message}`;
}

/** Expands arguments: a directory becomes its `*.flow.json` files (sorted); files pass through. */
export async function expandFlowFiles(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(arg)).filter((n) => n.endsWith('.flow.json')).sort();
      files.push(...names.map((n) => join(arg, n)));
    } else files.push(arg);
  }
  return files;
}
