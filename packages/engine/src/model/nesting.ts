/** Nesting limit for flow files: an iterative depth check, so recursive code after it (zod, canonical JSON) is safe. */
import { joinPath } from './expression-syntax';

/**
 * Deepest nesting a flow file may have: the file itself is level 0, so an object or array at level 64 is refused
 * (the same count as the runtime's HTTP body guard). A node's config starts at level 3 (`nodes[i].config`).
 */
export const MAX_FLOW_DEPTH = 64;

interface Frame {
  value: unknown;
  depth: number;
  parent?: Frame;
  key?: string | number;
}

function pathOf(frame: Frame): string {
  const keys: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key!);
  let path = '';
  for (let i = keys.length - 1; i >= 0; i--) path = joinPath(path, keys[i]!);
  return path;
}

/**
 * Paths (like `nodes[1].config.a.b`) of objects or arrays nested at `maxDepth` or deeper, outermost first per
 * branch; stops after `limit` findings. Iterative: never recurses, whatever the input.
 * @example findTooDeep(JSON.parse(text)) // [] when the file is fine
 */
export function findTooDeep(value: unknown, maxDepth = MAX_FLOW_DEPTH, limit = 10): string[] {
  const found: string[] = [];
  const stack: Frame[] = [{ value, depth: 0 }];
  for (let frame = stack.pop(); frame && found.length < limit; frame = stack.pop()) {
    const v = frame.value;
    if (v === null || typeof v !== 'object') continue;
    if (frame.depth >= maxDepth) {
      found.push(pathOf(frame));
      continue;
    }
    const depth = frame.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, parent: frame, key: i });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ value: (v as Record<string, unknown>)[keys[i]!], depth, parent: frame, key: keys[i] });
      }
    }
  }
  return found;
}

/** The message for a too-deep path. */
export function tooDeepMessage(path: string, maxDepth = MAX_FLOW_DEPTH): string {
  return `${path || 'Flow'}: nested deeper than ${maxDepth} levels; flatten this value (or build it with an expression).`;
}
