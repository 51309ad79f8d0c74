/** Renders a FlowDiff as indented text lines for the terminal. */
import type { EdgeRef, FieldChange, FlowDiff } from './diff-flows';

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export function formatChange(c: FieldChange): string {
  if (c.kind === 'added') return `+ ${c.path}: ${show(c.after)}`;
  if (c.kind === 'removed') return `- ${c.path}: ${show(c.before)}`;
  return `~ ${c.path}: ${show(c.before)} → ${show(c.after)}`;
}

const edgeText = (e: EdgeRef) => `${e.from}${e.fromPort === 'out' ? '' : `:${e.fromPort}`} → ${e.to}`;

/** Lines describing the diff, each indented by `indent`; empty when the flows are equal. */
export function formatFlowDiff(diff: FlowDiff, indent = '  '): string[] {
  const lines: string[] = [];
  for (const c of diff.fields) lines.push(`${indent}flow ${formatChange(c)}`);
  for (const id of diff.nodes.added) lines.push(`${indent}+ node ${id}`);
  for (const id of diff.nodes.removed) lines.push(`${indent}- node ${id}`);
  for (const n of diff.nodes.changed) {
    lines.push(`${indent}~ node ${n.id}`);
    for (const c of n.changes) lines.push(`${indent}    ${formatChange(c)}`);
  }
  for (const e of diff.edges.added) lines.push(`${indent}+ edge ${edgeText(e)}`);
  for (const e of diff.edges.removed) lines.push(`${indent}- edge ${edgeText(e)}`);
  return lines;
}
