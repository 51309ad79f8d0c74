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
  const compiled: CompiledExpression = {
    source,
    async evaluate(input, bindings) {
      try {
        return await expr.evaluate(input, bindings);
      } catch (err) {
        throw mapError(err, source, timeoutMs, where);
      }
    },
  };
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
