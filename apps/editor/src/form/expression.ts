/** Expression helpers for the inspector: `=` detection, compile errors with position, sandboxed JSONata preview. */
import { checkExpressionSyntax, linearRegexEngine } from '@idflow/engine/model';
import jsonata from 'jsonata';

/** `=...` but not the `==` literal escape: the engine's own rule, so editor and runtime agree. */
export { isExpression } from '@idflow/engine/model';

export interface CompileError {
  message: string;
  /** 0-based offset in the JSONata source (after the `=`). */
  position?: number;
}

/** Compiles a JSONata source; returns the error (with position) or null. */
export function compileError(source: string): CompileError | null {
  if (source.trim() === '') return { message: 'Write an expression after "=".' };
  // The engine's check: JSONata syntax plus the regexes the linear-time engine refuses (backreferences...).
  const err = checkExpressionSyntax(source);
  return err ? { message: err.message, position: err.position } : null;
}

/** Quotes a JSONata path step when it is not a plain name (node ids may contain dashes). */
export function pathStep(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : `\`${key.replace(/`/g, '')}\``;
}

/** Turns a literal value into an equivalent expression (`abc` → `="abc"`); empty → `=`. */
export function literalToExpression(value: unknown): string {
  if (value === undefined || value === '') return '=';
  return `=${JSON.stringify(value)}`;
}

const PREVIEW_LIMIT_MS = 300;

/**
 * Evaluates an expression against a context `{ trigger, steps, ... }` with a time box; JSONata is a sandboxed
 * query language (no eval, no I/O), and the time box stops runaway recursion.
 */
export async function previewExpression(source: string, context: Record<string, unknown>): Promise<unknown> {
  // Linear-time regexes, as on the server: a catastrophic regex cannot freeze the admin's tab.
  const RegexEngine = linearRegexEngine(PREVIEW_LIMIT_MS) as unknown as RegExpConstructor;
  const expr = jsonata(source, { RegexEngine });
  const started = Date.now();
  const guard = () => {
    if (Date.now() - started > PREVIEW_LIMIT_MS)
      throw new Error('Preview stopped: the expression ran too long.');
  };
  const env = expr as unknown as { assign(name: string, value: unknown): void };
  env.assign('__evaluate_entry', guard);
  env.assign('__evaluate_exit', guard);
  return expr.evaluate(context, context);
}
