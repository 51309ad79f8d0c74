/** Run-history segment file names: `YYYY-MM-DD.jsonl`, then `YYYY-MM-DD.1.jsonl`, … when a day's segment is full. */

const SEGMENT_RE = /^(\d{4}-\d{2}-\d{2})(?:\.(\d{1,6}))?\.jsonl$/;

export interface SegmentName {
  name: string;
  day: string;
  part: number;
  /** Sorts segments in write order: replaying them in this order makes the last line per run id win. */
  key: string;
}

export function parseSegmentName(name: string): SegmentName | undefined {
  const m = SEGMENT_RE.exec(name);
  if (!m?.[1]) return undefined;
  const part = m[2] ? Number(m[2]) : 0;
  return { name, day: m[1], part, key: `${m[1]}.${String(part).padStart(6, '0')}` };
}

export function segmentName(day: string, part: number): SegmentName {
  const name = part === 0 ? `${day}.jsonl` : `${day}.${part}.jsonl`;
  return { name, day, part, key: `${day}.${String(part).padStart(6, '0')}` };
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
