/** Expression syntax in config values: `=` starts a JSONata expression, `==` escapes a literal leading `=`. */
import jsonata from 'jsonata';
import { findUnsupportedRegex } from './linear-regex';

/** True when a config value is an expression (`=...` but not `==...`). */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.length > 1 && value[0] === '=' && value[1] !== '=';
}

/** The JSONata source of an expression value (without the leading `=`). */
export function expressionSource(value: string): string {
  return value.slice(1);
}

/** Turns `==text` into `=text`; other strings are returned unchanged. */
export function unescapeLiteral(value: string): string {
  return value.startsWith('==') ? value.slice(1) : value;
}

export interface CollectedExpression {
  /** JSON path inside the config, e.g. `user.emails[0].value`. */
  path: string;
  /** JSONata source without the leading `=`. */
  source: string;
}

/** Appends a key to a JSON path: `a.b`, `a[0]`, `a["odd key"]`. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/**
 * Every expression in a config value, with its path, in document order. Iterative: a deeply nested value cannot
 * overflow the stack here.
 * @example collectExpressions({ user: { userName: '=trigger.body.email' } }) // [{ path: 'user.userName', source: 'trigger.body.email' }]
 */
export function collectExpressions(config: unknown, base = ''): CollectedExpression[] {
  const out: CollectedExpression[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value: config, path: base }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path } = item;
    if (isExpression(value)) out.push({ path, source: expressionSource(value) });
    else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: joinPath(path, i) });
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        stack.push({ value: (value as Record<string, unknown>)[k], path: joinPath(path, k) });
      }
    }
  }
  return out;
}

export interface ExpressionSyntaxError {
  message: string;
  /** Character offset inside the expression source (0-based), when JSONata reports one. */
  position?: number;
  token?: string;
  code?: string;
}

/**
 * Parses a JSONata source; returns the syntax error or undefined when it compiles. Regex literals must also
 * compile on the linear-time engine the executor uses (no backreferences, no lookaround): code `IDFLOW_REGEX`.
 * Browser-safe.
 */
export function checkExpressionSyntax(source: string): ExpressionSyntaxError | undefined {
  let ast: unknown;
  try {
    ast = jsonata(source).ast();
  } catch (err) {
    const e = err as { message?: string; position?: number; token?: string; code?: string };
    return { message: e.message ?? String(err), position: e.position, token: e.token, code: e.code };
  }
  const regex = findUnsupportedRegex(ast);
  return regex && { message: regex.message, position: regex.position, code: 'IDFLOW_REGEX' };
}
