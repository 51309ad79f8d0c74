/** The one door from the runtime to @idflow/cli: its schemaVersion migrations and its line/column JSON parser, loaded on first use. */

export interface JsonProblem {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface Migrated {
  json: unknown;
  /** The file's schemaVersion when a migration was applied, else undefined. */
  migratedFrom?: number;
}

export interface CliTools {
  /** JSON.parse that returns where the first syntax error is instead of throwing. */
  parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: JsonProblem };
  /** Brings an older flow file up to the current schemaVersion; throws with a message for a newer or unknown one. */
  migrate(json: unknown): Migrated;
}

let loading: Promise<CliTools> | undefined;

/**
 * Loads the CLI package lazily (only runtimes started with --flows-dir pay for it).
 * @example const tools = await loadCliTools(); tools.parseJson('{"a":1}')
 */
export function loadCliTools(): Promise<CliTools> {
  loading ??= import('@idflow/cli').then((cli) => ({
    parseJson(text) {
      try {
        return { ok: true, value: cli.parseJson(text) };
      } catch (err) {
        if (err instanceof cli.JsonSyntaxError) {
          const { message, line, column } = err.issue;
          return { ok: false, problem: { message, line, column } };
        }
        throw err;
      }
    },
    migrate(json) {
      const result = cli.migrateFlowJson(json);
      return result.applied.length > 0
        ? { json: result.json, migratedFrom: result.fromVersion }
        : { json: result.json };
    },
  }));
  return loading;
}
