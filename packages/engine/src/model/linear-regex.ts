/** Linear-time regular expressions for JSONata (re2js, pure JS, browser-safe): a RegExp-shaped engine and checks. */
import { RE2JS } from 're2js';

/** Longest string a regex may scan (characters). Matching is linear, this only bounds one synchronous call. */
export const MAX_REGEX_INPUT = 100_000;

/** A JSONata-style error object (`code` + `message`), so the expression layer maps it like JSONata's own. */
export interface RegexProblem {
  code: 'IDFLOW_REGEX' | 'IDFLOW_REGEX_INPUT' | 'D1012';
  message: string;
  position?: number;
  value?: unknown;
}

const compiled = new Map<string, RE2JS>();
const COMPILED_LIMIT = 1000;

function showRegex(pattern: string, flags: string): string {
  return `/${pattern}/${flags.replace('g', '')}`;
}

/**
 * Compiles a JSONata regex (JS syntax, flags `i`/`m`) with RE2, cached. Throws a RegexProblem (`IDFLOW_REGEX`)
 * for what RE2 cannot run in linear time: backreferences (`\1`), lookahead and lookbehind (`(?=`, `(?!`, `(?<=`).
 */
export function compileLinearRegex(pattern: string, flags = ''): RE2JS {
  const key = `${flags}/${pattern}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(new RegExp(pattern, flags.replace(/[^im]/g, ''))));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const problem: RegexProblem = {
      code: 'IDFLOW_REGEX',
      message: `regular expression ${showRegex(pattern, flags)} is not supported (${why}). Regexes run on a linear-time engine (RE2 syntax): backreferences and lookahead/lookbehind are not available; match the parts separately or use $contains/$substring instead`,
    };
    throw problem;
  }
  if (compiled.size >= COMPILED_LIMIT) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, re);
  return re;
}

/** What JSONata reads from an exec result: `[0]`, the groups, `index`. */
export type LinearExecArray = Array<string | undefined> & { index: number; input: string };

/** The constructor shape jsonata's `RegexEngine` option expects. */
export type RegexEngineClass = new (
  pattern: RegExp | string,
  flags?: string,
) => {
  lastIndex: number;
  exec(input: string): LinearExecArray | null;
};

/**
 * A RegexEngine for `jsonata(source, { RegexEngine })`. JSONata builds one instance per regex evaluation
 * (`new RegexEngine(regexLiteral)`), sets `lastIndex` and calls `exec(str)` repeatedly for `$match`/`$replace`/
 * `$split`. Each `exec` is linear in the input; with `timeoutMs` an instance in use longer than that throws
 * JSONata's timeout (D1012), since JSONata checks its own time limit only between evaluation steps.
 * @example jsonata('$contains(s, /^(a+)+$/)', { RegexEngine: linearRegexEngine(1000) })
 */
export function linearRegexEngine(timeoutMs = 0): RegexEngineClass {
  const cached = engines.get(timeoutMs);
  if (cached) return cached;
  class LinearRegex {
    lastIndex = 0;
    readonly source: string;
    readonly flags: string;
    private readonly re: RE2JS;
    private readonly created = timeoutMs > 0 ? Date.now() : 0;
    private input?: string;
    private matcher?: ReturnType<RE2JS['matcher']>;

    constructor(pattern: RegExp | string, flags?: string) {
      this.source = typeof pattern === 'string' ? pattern : pattern.source;
      this.flags = flags ?? (typeof pattern === 'string' ? '' : pattern.flags);
      this.re = compileLinearRegex(this.source, this.flags);
    }

    exec(input: string): LinearExecArray | null {
      const str = String(input);
      if (str.length > MAX_REGEX_INPUT) {
        const problem: RegexProblem = {
          code: 'IDFLOW_REGEX_INPUT',
          message: `regular expression ${showRegex(this.source, this.flags)} was given ${str.length} characters; the limit is ${MAX_REGEX_INPUT}. Cut the value first (e.g. $substring) or match it in a node`,
        };
        throw problem;
      }
      if (timeoutMs > 0 && Date.now() - this.created > timeoutMs) {
        const problem: RegexProblem = {
          code: 'D1012',
          value: timeoutMs,
          message: 'Expression evaluation timeout: Check for infinite loop',
        };
        throw problem;
      }
      const start = this.lastIndex;
      if (start > str.length) {
        this.lastIndex = 0;
        return null;
      }
      if (this.input !== str || !this.matcher) {
        this.matcher = this.re.matcher(str);
        this.input = str;
      }
      const m = this.matcher;
      if (!m.find(start)) {
        this.lastIndex = 0;
        return null;
      }
      const n = m.groupCount();
      const out = new Array<string | undefined>(n + 1) as LinearExecArray;
      for (let i = 0; i <= n; i++) out[i] = m.group(i) ?? undefined;
      out.index = m.start();
      out.input = str;
      this.lastIndex = m.end();
      return out;
    }
  }
  engines.set(timeoutMs, LinearRegex);
  return LinearRegex;
}

const engines = new Map<number, RegexEngineClass>();

/**
 * The first regex literal in a parsed JSONata AST that RE2 cannot run, with the literal's position; iterative,
 * so a deeply nested expression cannot overflow the stack here.
 */
export function findUnsupportedRegex(ast: unknown): { message: string; position?: number } | undefined {
  const seen = new Set<object>();
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || node instanceof RegExp || seen.has(node)) continue;
    seen.add(node);
    const n = node as { type?: unknown; value?: unknown; position?: unknown };
    if (n.type === 'regex' && n.value instanceof RegExp) {
      try {
        compileLinearRegex(n.value.source, n.value.flags);
      } catch (err) {
        const p = err as RegexProblem;
        return { message: p.message, position: typeof n.position === 'number' ? n.position : undefined };
      }
      continue;
    }
    if (Array.isArray(node)) for (const item of node) stack.push(item);
    else for (const key of Object.keys(node)) stack.push((node as Record<string, unknown>)[key]);
  }
  return undefined;
}
