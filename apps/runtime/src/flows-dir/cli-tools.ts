/**
 * The one door from the runtime to @idflow/cli: its JSON parser that says where a syntax error is (line and column;
 * V8's own messages often omit the position), loaded on first use. Migrations come from @idflow/engine, their home.
 */

export interface JsonProblem {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface CliTools {
  /** JSON.parse that returns where the first syntax error is instead of throwing. */
  parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: JsonProblem };
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
  }));
  return loading;
}
