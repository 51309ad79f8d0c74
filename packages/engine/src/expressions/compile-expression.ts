/**
 * Compiles JSONata once (cached by source and limit) with guardrails, and maps its errors to NodeError codes.
 * Regexes run on re2js (linear time, see model/linear-regex.ts): a catastrophic pattern cannot block the process.
 */
import jsonata from 'jsonata';
import { NodeError } from '../errors';
import { findUnsupportedRegex, linearRegexEngine } from '../model/linear-regex';

export const DEFAULT_EXPRESSION_TIMEOUT_MS = 1000;
/** Evaluation depth limit (JSONata's `stack` guardrail): stops runaway recursion long before the JS stack. */
const MAX_DEPTH = 1000;
/** Longest sequence an expression may build. */
const MAX_SEQUENCE = 1_000_000;
/** JSONata guardrail codes: stack depth, timeout, range too large, sequence too long. */
const LIMIT_CODES = new Set(['D1011', 'D1012', 'D2014', 'D2015']);

export interface CompiledExpression {
  source: string;
  /** Evaluates against the input document (the expression context) and optional `$name` bindings. */
  evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>;
  /**
   * For a plain path of names (`item`, `steps.find.user`): its value read without JSONata, or NOT_PLAIN when the
   * path meets an array or a function (JSONata's sequence rules apply: call `evaluate`). Absent for other sources.
   */
  readPath?(input: unknown): unknown;
}

/** `readPath` could not answer exactly as JSONata would; evaluate instead. */
export const NOT_PLAIN: unique symbol = Symbol('not a plain path value');

const PLAIN_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const hasOwn = Object.prototype.hasOwnProperty;

/** The names of a path such as `item.user` when its AST is exactly that: name steps and nothing else. */
function plainPathNames(source: string, ast: unknown): string[] | undefined {
  if (!PLAIN_PATH.test(source)) return undefined;
  const names = source.split('.');
  const node = ast as { type?: string; steps?: unknown[] } | null;
  if (node?.type !== 'path' || !Array.isArray(node.steps) || node.steps.length !== names.length)
    return undefined;
  for (let i = 0; i < names.length; i++) {
    const step = node.steps[i] as Record<string, unknown>;
    for (const key of Object.keys(step))
      if (key !== 'type' && key !== 'value' && key !== 'position') return undefined;
    if (step.type !== 'name' || step.value !== names[i]) return undefined;
  }
  return names;
}

/**
 * JSONata's name lookup for objects: own properties of a non-array object; anything else gives undefined.
 * Arrays (mapped and flattened by JSONata) and functions are left to JSONata.
 */
function pathReader(names: string[]): (input: unknown) => unknown {
  return (input) => {
    let cur = input;
    for (let i = 0; i < names.length; i++) {
      if (Array.isArray(cur)) return NOT_PLAIN;
      if (cur === null || typeof cur !== 'object' || !hasOwn.call(cur, names[i]!)) return undefined;
      cur = (cur as Record<string, unknown>)[names[i]!];
    }
    return Array.isArray(cur) || typeof cur === 'function' ? NOT_PLAIN : cur;
  };
}

export interface ExpressionErrorInfo {
  /** Where the expression sits, e.g. `nodes.find.config.userName`. */
  path?: string;
}

const cache = new Map<string, CompiledExpression>();
const CACHE_LIMIT = 5000;

function mapError(err: unknown, source: string, timeoutMs: number, where: ExpressionErrorInfo): NodeError {
  if (err instanceof NodeError) return err;
  const e = (err ?? {}) as { code?: string; message?: string; position?: number; token?: string };
  const at = where.path ? ` in ${where.path}` : '';
  const details = { expression: source, path: where.path, position: e.position, jsonataCode: e.code };
  // $eval wraps its inner error as D3121; a guardrail inside it is still a guardrail.
  const nestedLimit =
    e.code === 'D3121' && /maximum sequence|timeout|Stack overflow|must not exceed/.test(e.message ?? '');
  if ((e.code && LIMIT_CODES.has(e.code)) || nestedLimit || err instanceof RangeError) {
    return new NodeError(
      'EXPRESSION_TIMEOUT',
      `Expression${at} stopped: ${e.message ?? 'too deep'} (limit ${timeoutMs} ms, depth ${MAX_DEPTH}, ${MAX_SEQUENCE} items). Simplify it or move the work into a node.`,
      { details, retryable: false, cause: err },
    );
  }
  return new NodeError('EXPRESSION_ERROR', `Expression${at} failed: ${e.message ?? String(err)}`, {
    details,
    retryable: false,
    cause: err,
  });
}

/**
 * Compiles a JSONata source (without the leading `=`). Throws NodeError EXPRESSION_ERROR on a syntax error.
 * @example await compileExpression('a + 1').evaluate({ a: 1 }) // 2
 */
export function compileExpression(
  source: string,
  timeoutMs = DEFAULT_EXPRESSION_TIMEOUT_MS,
  where: ExpressionErrorInfo = {},
): CompiledExpression {
  const key = `${timeoutMs}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let expr: jsonata.Expression;
  try {
    // jsonata types RegexEngine as RegExpConstructor but only calls `new`, `lastIndex` and `exec` on it.
    const RegexEngine = linearRegexEngine(timeoutMs) as unknown as RegExpConstructor;
    expr = jsonata(source, { timeout: timeoutMs, stack: MAX_DEPTH, RegexEngine });
  } catch (err) {
    throw mapError(err, source, timeoutMs, where);
  }
  const regex = findUnsupportedRegex(expr.ast());
  if (regex) throw mapError({ code: 'IDFLOW_REGEX', ...regex }, source, timeoutMs, where);
  const names = plainPathNames(source, expr.ast());
  const readPath = names ? pathReader(names) : undefined;
  const onError = (err: unknown): never => {
    throw mapError(err, source, timeoutMs, where);
  };
  const compiled: CompiledExpression = {
    source,
    // Not async: JSONata's promise with one error handler, and a plain path read needs no JSONata at all.
    evaluate(input, bindings) {
      if (readPath) {
        const value = readPath(input);
        if (value !== NOT_PLAIN) return Promise.resolve(value);
      }
      try {
        return expr.evaluate(input, bindings).then(undefined, onError);
      } catch (err) {
        return Promise.reject(mapError(err, source, timeoutMs, where));
      }
    },
  };
  if (readPath) compiled.readPath = readPath;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, compiled);
  return compiled;
}

/** Re-labels an expression error with the place it was evaluated. */
export function withExpressionPath(err: unknown, path: string): unknown {
  if (err instanceof NodeError && (err.code === 'EXPRESSION_ERROR' || err.code === 'EXPRESSION_TIMEOUT')) {
    const details = { ...(err.details as Record<string, unknown>), path };
    return new NodeError(err.code, err.message.replace(/^Expression/, `Expression in ${path}`), {
      details,
      retryable: false,
      cause: err.cause,
    });
  }
  return err;
}
