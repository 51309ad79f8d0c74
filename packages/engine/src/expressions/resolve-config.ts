/** Precomputes how to resolve a node's config: static configs resolve to a constant, others evaluate expressions. */
import { expressionSource, isExpression, joinPath, unescapeLiteral } from '../model/expression-syntax';
import {
  type CompiledExpression,
  compileExpression,
  NOT_PLAIN,
  withExpressionPath,
} from './compile-expression';

type Template =
  | { kind: 'const'; value: unknown }
  | { kind: 'expr'; expr: CompiledExpression; path: string; bind: boolean }
  | { kind: 'object'; keys: string[]; values: Template[] }
  | { kind: 'array'; items: Template[] };

export interface ConfigResolver {
  /** True when the config holds no expression: `value` is the resolved config. */
  isStatic: boolean;
  /** The unescaped config when static. */
  value: unknown;
  resolve(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>;
  /**
   * The resolved config without waiting, when every expression in it is a plain path (`=item`, `=steps.a.b`) that
   * reads without JSONata; else NOT_PLAIN (use `resolve`). Same value as `resolve` gives.
   */
  resolveNow(input: unknown): unknown;
}

export { NOT_PLAIN };

const CONTEXT_VARIABLE = /\$(trigger|steps|item|index|flow|run)\b/;

function build(value: unknown, path: string, timeoutMs: number): Template {
  if (isExpression(value)) {
    const source = expressionSource(value);
    // Binding `$trigger` etc. costs a little per evaluation, so only expressions that use them get it.
    const bind = CONTEXT_VARIABLE.test(source);
    return { kind: 'expr', expr: compileExpression(source, timeoutMs, { path }), path, bind };
  }
  if (typeof value === 'string') return { kind: 'const', value: unescapeLiteral(value) };
  if (Array.isArray(value)) {
    const items = value.map((v, i) => build(v, joinPath(path, i), timeoutMs));
    if (items.every((t) => t.kind === 'const')) {
      return { kind: 'const', value: items.map((t) => (t as { value: unknown }).value) };
    }
    return { kind: 'array', items };
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const values = keys.map((k) =>
      build((value as Record<string, unknown>)[k], joinPath(path, k), timeoutMs),
    );
    if (values.every((t) => t.kind === 'const')) {
      const out: Record<string, unknown> = {};
      keys.forEach((k, i) => {
        out[k] = (values[i] as { value: unknown }).value;
      });
      return { kind: 'const', value: out };
    }
    return { kind: 'object', keys, values };
  }
  return { kind: 'const', value };
}

/** One expression's value; errors carry the expression's place in the config. */
async function evaluateAt(
  t: Extract<Template, { kind: 'expr' }>,
  input: unknown,
  bindings?: Record<string, unknown>,
): Promise<unknown> {
  try {
    return await t.expr.evaluate(input, t.bind ? bindings : undefined);
  } catch (err) {
    throw withExpressionPath(err, t.path);
  }
}

/** A template's value; constants inside arrays and objects are not awaited. */
function run(t: Template, input: unknown, bindings?: Record<string, unknown>): Promise<unknown> {
  switch (t.kind) {
    case 'const':
      return Promise.resolve(t.value);
    case 'expr':
      return evaluateAt(t, input, bindings);
    case 'array':
      return runArray(t, input, bindings);
    case 'object':
      return runObject(t, input, bindings);
  }
}

async function runArray(
  t: Extract<Template, { kind: 'array' }>,
  input: unknown,
  bindings?: Record<string, unknown>,
): Promise<unknown[]> {
  const out: unknown[] = new Array(t.items.length);
  for (let i = 0; i < t.items.length; i++) {
    const item = t.items[i]!;
    out[i] = item.kind === 'const' ? item.value : await run(item, input, bindings);
  }
  return out;
}

async function runObject(
  t: Extract<Template, { kind: 'object' }>,
  input: unknown,
  bindings?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < t.keys.length; i++) {
    const value = t.values[i]!;
    const v = value.kind === 'const' ? value.value : await run(value, input, bindings);
    if (v !== undefined) out[t.keys[i]!] = v;
  }
  return out;
}

function runNow(t: Template, input: unknown): unknown {
  switch (t.kind) {
    case 'const':
      return t.value;
    case 'expr':
      return t.expr.readPath ? t.expr.readPath(input) : NOT_PLAIN;
    case 'array': {
      const out: unknown[] = new Array(t.items.length);
      for (let i = 0; i < t.items.length; i++) {
        const v = runNow(t.items[i]!, input);
        if (v === NOT_PLAIN) return NOT_PLAIN;
        out[i] = v;
      }
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < t.keys.length; i++) {
        const v = runNow(t.values[i]!, input);
        if (v === NOT_PLAIN) return NOT_PLAIN;
        if (v !== undefined) out[t.keys[i]!] = v;
      }
      return out;
    }
  }
}

/** Whether every expression in the template is a plain path (so runNow may answer). */
function allPlain(t: Template): boolean {
  switch (t.kind) {
    case 'const':
      return true;
    case 'expr':
      return t.expr.readPath !== undefined;
    case 'array':
      return t.items.every(allPlain);
    case 'object':
      return t.values.every(allPlain);
  }
}

const notPlain = (): unknown => NOT_PLAIN;

/**
 * Compiles every expression in a config once. Paths in errors are prefixed with `basePath` (e.g. `config`).
 * @example const r = compileConfig({ to: '=trigger.email', note: '==literal' }); await r.resolve(scope)
 */
export function compileConfig(config: unknown, timeoutMs?: number, basePath = 'config'): ConfigResolver {
  const template = build(config, basePath, timeoutMs ?? 1000);
  if (template.kind === 'const') {
    const value = template.value;
    return { isStatic: true, value, resolve: async () => value, resolveNow: () => value };
  }
  return {
    isStatic: false,
    value: undefined,
    resolve: (input, bindings) => run(template, input, bindings),
    resolveNow: allPlain(template) ? (input) => runNow(template, input) : notPlain,
  };
}
