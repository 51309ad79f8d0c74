/** The one results table every bench contributes rows to, printed as aligned text (and Markdown-friendly). */

export interface Row {
  bench: string;
  figure: string;
  /** The measured value, formatted. */
  value: string;
  /** The baseline measured in the same run, formatted ('—' when the target is absolute). */
  baseline: string;
  /** value / baseline (or the compared figure), formatted. */
  ratio: string;
  target: string;
  /** 'ok', 'MISSED', or '' when there is nothing to judge. */
  verdict: string;
}

export const dash = '—';

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

export function renderTable(rows: Row[]): string {
  const head: Row = {
    bench: 'bench',
    figure: 'figure',
    value: 'value',
    baseline: 'baseline',
    ratio: 'ratio',
    target: 'target',
    verdict: 'verdict',
  };
  const cols = Object.keys(head) as (keyof Row)[];
  const width = Object.fromEntries(
    cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => r[c].length))]),
  ) as Record<keyof Row, number>;
  const line = (r: Row) => `| ${cols.map((c) => r[c].padEnd(width[c])).join(' | ')} |`;
  const rule = `|${cols.map((c) => '-'.repeat(width[c] + 2)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}
