/** Turns one `<id>.flow.json` file's text into a valid flow, or the list of problems with paths (and line/column for bad JSON). */
import { type Flow, flowHash, migrateFlowJson, validateFlow } from '@idflow/engine';
import type { RuntimeCatalog } from '../context';
import type { CliTools } from './cli-tools';

export const FLOW_FILE_SUFFIX = '.flow.json';

export interface FileIssue {
  path: string;
  message: string;
  nodeId?: string;
  code?: string;
  line?: number;
  column?: number;
}

export type ParsedFlowFile =
  | { ok: true; flow: Flow; hash: string; warnings: FileIssue[]; migratedFrom?: number }
  | { ok: false; flowId?: string; errors: FileIssue[] };

/** `onboard.flow.json` → `onboard`. */
export const idFromFileName = (file: string): string => file.slice(0, -FLOW_FILE_SUFFIX.length);
export const fileNameFor = (flowId: string): string => `${flowId}${FLOW_FILE_SUFFIX}`;

const idOf = (json: unknown): string | undefined => {
  const id = typeof json === 'object' && json !== null ? (json as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Parses, migrates (older schemaVersion) and validates a flow file; the file name must be `<flow id>.flow.json`.
 * @example parseFlowFile('x.flow.json', text, catalog, tools) // { ok: true, flow, hash, warnings }
 */
export function parseFlowFile(
  file: string,
  text: string,
  catalog: RuntimeCatalog,
  tools: CliTools,
): ParsedFlowFile {
  const parsed = tools.parseJson(text);
  if (!parsed.ok) {
    const { message, line, column } = parsed.problem;
    return {
      ok: false,
      errors: [
        { path: '', message: `${message} (line ${line}, column ${column})`, code: 'json', line, column },
      ],
    };
  }
  let json: unknown;
  let migratedFrom: number | undefined;
  try {
    const migrated = migrateFlowJson(parsed.value);
    json = migrated.json;
    if (migrated.applied.length > 0) migratedFrom = migrated.fromVersion;
  } catch (err) {
    return {
      ok: false,
      flowId: idOf(parsed.value),
      errors: [{ path: 'schemaVersion', message: (err as Error).message, code: 'schemaVersion' }],
    };
  }
  const result = validateFlow(json, catalog);
  if (!result.ok) {
    return {
      ok: false,
      flowId: idOf(json),
      errors: result.errors.map((i) => ({
        path: i.path,
        message: i.message,
        code: i.code,
        ...(i.nodeId ? { nodeId: i.nodeId } : {}),
      })),
    };
  }
  const { flow } = result;
  if (fileNameFor(flow.id) !== file) {
    return {
      ok: false,
      flowId: flow.id,
      errors: [
        {
          path: 'id',
          message: `the file name must match the flow id: rename the file to "${fileNameFor(flow.id)}" or set "id": "${idFromFileName(file)}"`,
          code: 'fileName',
        },
      ],
    };
  }
  return {
    ok: true,
    flow,
    hash: flowHash(flow, catalog),
    warnings: result.warnings.map((i) => ({
      path: i.path,
      message: i.message,
      code: i.code,
      ...(i.nodeId ? { nodeId: i.nodeId } : {}),
    })),
    ...(migratedFrom === undefined ? {} : { migratedFrom }),
  };
}
