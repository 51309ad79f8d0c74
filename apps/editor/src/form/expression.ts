/** Expression helpers for the inspector: `=` detection, compile errors with position, sandboxed JSONata preview. */
import jsonata from 'jsonata';

/** True for `=...` but not the `==` literal escape. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value[0] === '=' && value[1] !== '=';
}

export interface CompileError {
  message: string;
  /** 0-based offset in the JSONata source (after the `=`). */
  position?: number;
}

/** Compiles a JSONata source; returns the error (with position) or null. */
export function compileError(source: string): CompileError | null {
  if (source.trim() === '') return { message: 'Write an expression after "=".' };
  try {
    jsonata(source);
    return null;
  } catch (err) {
    const e = err as { message?: string; position?: number };
    return {
      message: e.message ?? String(err),
      position: typeof e.position === 'number' ? e.position : undefined,
    };
  }
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
  const expr = jsonata(source);
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
