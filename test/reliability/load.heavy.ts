/** Load: 1,000 concurrent webhooks → 202/200 or 429 + Retry-After, none hangs or drops, one run per accepted event; RSS figures. */
import { readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DelayServer, startDelayServer } from '../support/delay-server';
import {
  adminApi,
  allRuns,
  chainFlow,
  type HttpAnswer,
  httpCall,
  type RuntimeChild,
  spawnRuntime,
  tempDir,
  waitFor,
} from '../support/runtime-process';

const N = 1000;
let upstream: DelayServer;
let dir = '';
let rt: RuntimeChild;
let secret = '';

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb * 1024;
}

async function metricHeapUsed(): Promise<number | undefined> {
  const res = await httpCall(`${rt.url}/metrics`);
  const m = /nodejs_heap_size_used_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)/.exec(res.text);
  return m ? Number(m[1]) : undefined;
}

async function metricRss(): Promise<number | undefined> {
  const res = await httpCall(`${rt.url}/metrics`);
  const m = /process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)/.exec(res.text);
  return m ? Number(m[1]) : undefined;
}

beforeAll(async () => {
  upstream = await startDelayServer(20);
  dir = await tempDir();
  rt = await spawnRuntime({
    dir,
    env: {
      IDFLOW_MAX_QUEUE_DEPTH: '300',
      IDFLOW_MAX_CONCURRENT_RUNS: '16',
      IDFLOW_MAX_RUNS_PER_FLOW: '16',
      IDFLOW_LOG_LEVEL: 'warn',
      // History is pruned after each round (POST /api/v1/runs/prune), as retention would in production.
      IDFLOW_RETENTION_MAX_RUNS: '100',
      // A tight old-space cap: garbage is collected as the cap nears, and a leak that grows with the requests
      // handled (3,100 here) would end the process with an out-of-memory crash that the rounds would see.
      NODE_OPTIONS: '--max-old-space-size=128',
    },
  });
  const api = adminApi(rt.url);
  const flow = chainFlow(
    'load',
    { id: 'hook', type: 'trigger.webhook', config: { path: 'load', respond: 'accepted' } },
    {
      id: 'call',
      type: 'http.request',
      config: { method: 'POST', url: upstream.url, body: '=trigger.body' },
    },
    { id: 'out', type: 'transform.set', config: { fields: { n: '=trigger.body.n' } } },
  );
  expect((await api('POST', '/api/v1/flows', flow)).status).toBe(201);
  expect((await api('POST', '/api/v1/flows/load/enable')).status).toBe(200);
  secret = (await api('POST', '/api/v1/flows/load/webhook/secret', {})).json.secret;
}, 60_000);
afterAll(async () => {
  await rt?.kill('SIGKILL');
  await upstream?.close();
  await rm(dir, { recursive: true, force: true });
});

async function burst(round: string, count: number) {
  // A fresh agent per round: sockets idle between rounds reach the server's keep-alive timeout, and reusing one
  // just as the server closes it is a client-side race (ECONNRESET), not a dropped request.
  const agent = new Agent({ keepAlive: true, maxSockets: 2000 });
  const fire = (n: number) =>
    httpCall(`${rt.url}/hooks/load`, {
      method: 'POST',
      agent,
      timeoutMs: 60_000,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ round, n }),
    }).then(
      (res): { n: number; res: HttpAnswer } => ({ n, res }),
      (err: Error): { n: number; error: string } => ({ n, error: err.message }),
    );
  try {
    return await Promise.all(Array.from({ length: count }, (_, n) => fire(n)));
  } finally {
    agent.destroy();
  }
}

async function settle(expected: number) {
  return waitFor(
    async () => {
      const items = await allRuns(rt.url, 'load');
      const final = items.filter((r) =>
        ['succeeded', 'failed', 'cancelled', 'interrupted'].includes(r.status),
      );
      return items.length >= expected && final.length === items.length ? items : undefined;
    },
    120_000,
    'all load runs final',
  );
}

describe('1,000 concurrent webhooks', () => {
  it('answers each with 202/200 or 429 + Retry-After, loses none, runs each accepted event once', async () => {
    // Warm-up, then the baseline.
    await burst('warm', 100);
    let total = (await settle(100)).length;
    await new Promise((r) => setTimeout(r, 1000));
    const baseline = await rssBytes(rt.proc.pid!);
    const figures: Record<string, number> = { baselineMb: mb(baseline) };

    for (const round of ['r1', 'r2', 'r3']) {
      let peak = 0;
      const sampler = setInterval(() => {
        void rssBytes(rt.proc.pid!).then((b) => {
          peak = Math.max(peak, b);
        });
      }, 100);
      const results = await burst(round, N);
      const errors = results.filter((r) => 'error' in r);
      const answers = results.filter((r): r is { n: number; res: HttpAnswer } => 'res' in r);
      const byStatus: Record<number, number> = {};
      for (const a of answers) byStatus[a.res.status] = (byStatus[a.res.status] ?? 0) + 1;
      console.log(
        `[load] ${round}: ${N} concurrent → ${JSON.stringify(byStatus)}, client errors ${errors.length}`,
      );
      expect(errors.map((e) => ('error' in e ? e.error : ''))).toEqual([]);
      for (const a of answers) {
        expect([200, 202, 429]).toContain(a.res.status);
        if (a.res.status === 429) expect(Number(a.res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      const accepted = answers.filter((a) => a.res.status === 202 || a.res.status === 200);
      expect(accepted.length).toBeGreaterThan(0);

      const runs = await settle(total + accepted.length);
      clearInterval(sampler);
      total = runs.length;
      const details = await Promise.all(
        runs.map(async (r) => (await adminApi(rt.url)('GET', `/api/v1/runs/${r.id}`)).json.run),
      );
      const perEvent = new Map<number, Array<{ id: string; status: string }>>();
      for (const run of details) {
        const body = run.trigger?.data?.body;
        if (body?.round !== round) continue;
        perEvent.set(body.n, [...(perEvent.get(body.n) ?? []), { id: run.id, status: run.status }]);
      }
      for (const a of accepted) {
        expect(perEvent.get(a.n), `${round} event ${a.n}`).toEqual([
          { id: a.res.json.runId, status: 'succeeded' },
        ]);
      }
      // A 429 may leave a cancelled RATE_LIMITED record (enqueue refused after persisting), never a run that ran.
      for (const a of answers.filter((x) => x.res.status === 429)) {
        for (const r of perEvent.get(a.n) ?? [])
          expect(r.status, `${round} refused event ${a.n}`).toBe('cancelled');
      }
      const pruned = await adminApi(rt.url)('POST', '/api/v1/runs/prune');
      expect(pruned.status).toBe(200);
      total = (await allRuns(rt.url, 'load')).length;
      expect(total).toBeLessThanOrEqual(100);
      await new Promise((r) => setTimeout(r, 2000));
      const after = await rssBytes(rt.proc.pid!);
      figures[`${round}PeakMb`] = mb(peak);
      figures[`${round}AfterMb`] = mb(after);
      figures[`${round}HeapUsedMb`] = mb((await metricHeapUsed()) ?? 0);
      figures[`${round}Accepted`] = accepted.length;
      figures[`${round}Refused429`] = byStatus[429] ?? 0;
    }
    const viaMetrics = await metricRss();
    console.log(
      `[load] RSS figures (MB): ${JSON.stringify(figures)}; /metrics process_resident_memory_bytes=${viaMetrics ? mb(viaMetrics) : 'n/a'} MB`,
    );
    // Near the starting level once history is pruned: V8 and the allocator keep some headroom after the first
    // rounds, but a leak grows with every round, so the last round must add (almost) nothing.
    expect(figures.r3AfterMb! - figures.r2AfterMb!).toBeLessThan(32);
    expect(figures.r3AfterMb! - figures.baselineMb!).toBeLessThan(100);
    expect(figures.r3HeapUsedMb! - figures.r1HeapUsedMb!).toBeLessThan(32);
  }, 240_000);
});
