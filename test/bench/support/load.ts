/** Load generation with autocannon: a warm-up, then a measured window; figures counted on 2xx answers only. */
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  durationSec: number;
  warmupSec: number;
}

export interface LoadResult {
  /** 2xx answers per second over the measured window. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  /** 2xx answers during the warm-up (not in the figures). */
  warmupOk: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  durationSec: number;
}

function fire(o: LoadOptions, duration: number) {
  return autocannon({
    url: o.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...o.headers },
    body: o.body,
    connections: o.connections,
    duration,
    timeout: 30,
  });
}

/** `beforeMeasure` runs between the warm-up and the measured window (e.g. to read the server's CPU time). */
export async function runLoad(o: LoadOptions, beforeMeasure?: () => Promise<void>): Promise<LoadResult> {
  const warm = o.warmupSec > 0 ? await fire(o, o.warmupSec) : undefined;
  await beforeMeasure?.();
  const r = await fire(o, o.durationSec);
  const statusCounts: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statusCounts[code] = s.count;
  return {
    reqPerSec: r['2xx'] / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    ok: r['2xx'],
    warmupOk: warm?.['2xx'] ?? 0,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCounts,
    durationSec: r.duration,
  };
}
