/** Validation issues: a JSON path, a message that says what to do, a code; and zod issues mapped to them. */
import type { z } from 'zod';
import { joinPath } from './expression-syntax';

export type IssueCode =
  | 'schema'
  | 'unknown_node_type'
  | 'config_invalid'
  | 'duplicate_node_id'
  | 'edge_unknown_node'
  | 'edge_unknown_port'
  | 'edge_into_trigger'
  | 'duplicate_edge'
  | 'cycle'
  | 'no_trigger'
  | 'multiple_triggers'
  | 'expression_syntax'
  | 'expression_dashed_id'
  | 'too_deep'
  | 'unreachable';

export interface Issue {
  /** JSON path in the flow file, e.g. `nodes[2].config.url`; empty for the whole file. */
  path: string;
  message: string;
  code: IssueCode;
  nodeId?: string;
}

export function pathOf(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  for (const seg of segments) path = joinPath(path, typeof seg === 'number' ? seg : String(seg));
  return path;
}

type ZodIssue = z.core.$ZodIssue;

/** Picks the most useful message from a union failure: the first branch's (the plain value, not the expression). */
function flatten(
  issue: ZodIssue,
  prefix: readonly PropertyKey[],
): { segments: PropertyKey[]; message: string }[] {
  const segments = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const first = issue.errors[0]!;
    const nested = first.flatMap((i) => flatten(i, segments));
    if (nested.length > 0) {
      return nested.map((n) => ({
        ...n,
        message: `${n.message} (or write an expression starting with "=")`,
      }));
    }
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      segments: [...segments, key],
      message: `Unknown field "${key}": remove it or check its spelling.`,
    }));
  }
  return [{ segments, message: issue.message }];
}

/** Maps zod issues to Issues under a base path. */
export function zodIssues(error: z.ZodError, base: string, code: IssueCode, nodeId?: string): Issue[] {
  return error.issues.flatMap((issue) =>
    flatten(issue, []).map(({ segments, message }) => {
      const path = pathOf(base, segments);
      const out: Issue = { path, message: `${path || 'Flow'}: ${message}`, code };
      if (nodeId !== undefined) out.nodeId = nodeId;
      return out;
    }),
  );
}
