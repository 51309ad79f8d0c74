/** Prints the top frames of a V8 .cpuprofile (self and total time), for finding what costs most on a request path. */
import { readFile } from 'node:fs/promises';
import { argValue, isMain } from './is-main';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Frame {
  name: string;
  selfPct: number;
  totalPct: number;
}

const short = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\/\.pnpm\/([^/]+)\/node_modules\//, '$1:')
    .replace(/^.*\/work\/main\//, '');

/** Frames by self time and by inclusive time (each frame counted once per stack), in percent of busy samples. */
export async function topFrames(file: string, limit = 25): Promise<{ self: Frame[]; total: Frame[] }> {
  const p = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const selfHits = new Map<string, number>();
  const totalHits = new Map<string, number>();
  let all = 0;
  for (const n of p.nodes) {
    const hits = n.hitCount ?? 0;
    // Idle time (waiting in the event loop, or the bench loading another server) is not cost: percentages are of busy samples.
    if (hits === 0 || n.callFrame.functionName === '(idle)') continue;
    all += hits;
    selfHits.set(key(n), (selfHits.get(key(n)) ?? 0) + hits);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const k = key(byId.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      totalHits.set(k, (totalHits.get(k) ?? 0) + hits);
    }
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name]) => ({
        name,
        selfPct: ((selfHits.get(name) ?? 0) / all) * 100,
        totalPct: ((totalHits.get(name) ?? 0) / all) * 100,
      }));
  return { self: rank(selfHits), total: rank(totalHits) };
}

if (isMain(import.meta.url)) {
  const file = process.argv[2];
  if (!file)
    throw new Error('usage: npx tsx test/bench/support/profile-top.ts <file.cpuprofile> [--limit 25]');
  const { self, total } = await topFrames(file, Number(argValue('--limit') ?? 25));
  const show = (title: string, xs: Frame[]) => {
    console.log(title);
    for (const f of xs)
      console.log(
        `  self ${f.selfPct.toFixed(1).padStart(5)}%  total ${f.totalPct.toFixed(1).padStart(5)}%  ${f.name}`,
      );
  };
  show('By self time:', self);
  show('By total time:', total);
}
