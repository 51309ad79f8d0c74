/**
 * Webhook bench: idflow's runtime (trigger.webhook → transform.map → flow.respond, run records persisted) against a
 * bare Express 5 app answering the same mapped object. Each server runs in its own child process; autocannon runs
 * here. Order: baseline, onCompletion, accepted, baseline again; both modes are compared with the mean baseline.
 * Run: `npx tsx test/bench/webhook/webhook.bench.ts [--duration 10] [--warmup 5] [--connections 50] [--profile dir]`.
 * Suite runners call `runWebhookBench({ durationSec, warmupSec, connections })`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchChild, spawnBenchChild } from '../support/child';
import { argValue, isMain } from '../support/is-main';
import { type LoadOptions, type LoadResult, runLoad } from '../support/load';
import { loadAverage } from '../support/machine';
import { benchFlow, mapUser, PAYLOAD, type RespondMode } from './flows';
import { type Api, countRuns, installFlow, waitForDrain } from './runtime-api';

export interface WebhookBenchOptions {
  durationSec?: number;
  warmupSec?: number;
  connections?: number;
  /** Writes a V8 CPU profile of the runtime child here (`node --cpu-prof`). */
  profileDir?: string;
  /** Which runtime modes to load (default both); profiling one mode alone gives a cleaner profile. */
  modes?: RespondMode[];
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface AcceptedCheck {
  /** 202 answers, warm-up included. Requests cut off when autocannon stops may still run, so succeeded ≥ this. */
  accepted: number;
  succeeded: number;
  /** Runs that failed or were interrupted (must be 0). */
  failed: number;
  /** Runs refused with 429 when the queue was full (stored as cancelled; their callers got no 202). */
  cancelled: number;
  /** Runs still queued or running after the drain wait (must be 0). */
  pending: number;
  /** Time from the end of the load until no run was queued or running. */
  drainMs: number;
}

export interface CpuLoadResult extends LoadResult {
  /** Server CPU (user + system) per 2xx answer over the measured window (accepted: until its runs drained). */
  cpuMsPerRequest: number;
}

export interface WebhookBenchResult {
  connections: number;
  durationSec: number;
  baselines: CpuLoadResult[];
  /** Mean of the baseline passes (req/s, p50, p99, CPU per request). */
  baseline: Pick<CpuLoadResult, 'reqPerSec' | 'p50Ms' | 'p99Ms' | 'cpuMsPerRequest'>;
  onCompletion: CpuLoadResult;
  accepted: CpuLoadResult & { check: AcceptedCheck };
  ratio: { onCompletion: number; onCompletionP99: number; accepted: number; acceptedP99: number };
  runtimeMaxRssMb: number;
  loadAverage: { before: string; after: string };
}

const EMPTY_LOAD: LoadResult = {
  reqPerSec: Number.NaN,
  p50Ms: Number.NaN,
  p99Ms: Number.NaN,
  ok: 0,
  warmupOk: 0,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  statusCounts: {},
  durationSec: 0,
};

const here = path.dirname(fileURLToPath(import.meta.url));

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function post(url: string, token?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(PAYLOAD),
  });
  return { status: res.status, body: await res.json() };
}

export async function runWebhookBench(opts: WebhookBenchOptions = {}): Promise<WebhookBenchResult> {
  const durationSec = opts.durationSec ?? 10;
  const warmupSec = opts.warmupSec ?? 5;
  const connections = opts.connections ?? 50;
  const log = opts.log ?? (() => {});
  const before = loadAverage();
  const dataDir = await mkdtemp(path.join(process.env.BENCH_DIR ?? tmpdir(), 'idflow-webhook-bench-'));
  const adminToken = `adm_${randomBytes(24).toString('hex')}`;
  const hookToken = `whs_${randomBytes(24).toString('hex')}`;
  const children: BenchChild<{ url: string }>[] = [];
  try {
    const baseline = await spawnBenchChild<{ url: string }>(path.join(here, 'baseline-server.ts'));
    children.push(baseline);
    const runtime = await spawnBenchChild<{ url: string }>(path.join(here, 'runtime-server.ts'), {
      env: { BENCH_DATA_DIR: dataDir, BENCH_ADMIN_TOKEN: adminToken },
      nodeFlags: opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [],
    });
    children.push(runtime);
    const api: Api = { url: runtime.ready.url, token: adminToken };
    const flows: Record<RespondMode, string> = { onCompletion: 'bench-sync', accepted: 'bench-accepted' };
    for (const mode of ['onCompletion', 'accepted'] as const)
      await installFlow(api, benchFlow(flows[mode], mode), hookToken);

    // Both must answer correctly before anything is timed.
    const expected = JSON.stringify(mapUser(PAYLOAD));
    const b = await post(`${baseline.ready.url}/hooks/bench-sync`);
    const s = await post(`${api.url}/hooks/bench-sync`, hookToken);
    if (JSON.stringify(b.body) !== expected || s.status !== 200 || JSON.stringify(s.body) !== expected) {
      throw new Error(
        `answers differ: baseline ${JSON.stringify(b.body)}, runtime ${s.status} ${JSON.stringify(s.body)}`,
      );
    }
    const a = await post(`${api.url}/hooks/bench-accepted`, hookToken);
    if (a.status !== 202) throw new Error(`accepted mode answered ${a.status} ${JSON.stringify(a.body)}`);

    const load = (url: string, token?: string): LoadOptions => ({
      url,
      body: JSON.stringify(PAYLOAD),
      headers: token ? { authorization: `Bearer ${token}` } : {},
      connections,
      durationSec,
      warmupSec,
    });
    const baselines: CpuLoadResult[] = [];
    const cpu = async (child: BenchChild<{ url: string }>) => {
      const r = await child.request<{ cpuUs: number; userUs: number }>({ type: 'stats' });
      if (process.env.BENCH_DEBUG) console.error(`cpu user ${r.userUs} total ${r.cpuUs}`);
      return r.cpuUs;
    };
    /** One load pass; CPU time of the server from the end of the warm-up until `settle` resolves. */
    const pass = async (
      name: string,
      server: BenchChild<{ url: string }>,
      o: LoadOptions,
      settle?: () => Promise<unknown>,
    ): Promise<CpuLoadResult> => {
      log(`webhook: ${name} (${warmupSec} s warm-up + ${durationSec} s, load average ${loadAverage()})`);
      let start = 0;
      const r = await runLoad(o, async () => {
        start = await cpu(server);
      });
      await settle?.();
      const used = (await cpu(server)) - start;
      return { ...r, cpuMsPerRequest: used / 1000 / Math.max(1, r.ok) };
    };
    const baseUrl = `${baseline.ready.url}/hooks/bench-sync`;
    baselines.push(await pass('baseline', baseline, load(baseUrl)));
    const modes = opts.modes ?? ['onCompletion', 'accepted'];
    const skipped: CpuLoadResult = { ...EMPTY_LOAD, cpuMsPerRequest: Number.NaN };
    const onCompletion = modes.includes('onCompletion')
      ? await pass('runtime onCompletion', runtime, load(`${api.url}/hooks/bench-sync`, hookToken))
      : skipped;
    let drainMs = 0;
    const acceptedLoad = modes.includes('accepted')
      ? await pass(
          'runtime accepted',
          runtime,
          load(`${api.url}/hooks/bench-accepted`, hookToken),
          async () => {
            drainMs = await waitForDrain(api, flows.accepted, 300_000);
          },
        )
      : skipped;
    baselines.push(await pass('baseline again', baseline, load(baseUrl)));

    const check: AcceptedCheck = {
      accepted: acceptedLoad.ok + acceptedLoad.warmupOk + 1,
      succeeded: await countRuns(api, flows.accepted, ['succeeded']),
      failed: await countRuns(api, flows.accepted, ['failed', 'interrupted']),
      cancelled: await countRuns(api, flows.accepted, ['cancelled']),
      pending: await countRuns(api, flows.accepted, ['queued', 'running']),
      drainMs,
    };
    const { maxRssMb } = await runtime.request<{ maxRssMb: number }>({ type: 'stats' });
    const base = {
      reqPerSec: mean(baselines.map((r) => r.reqPerSec)),
      p50Ms: mean(baselines.map((r) => r.p50Ms)),
      p99Ms: mean(baselines.map((r) => r.p99Ms)),
      cpuMsPerRequest: mean(baselines.map((r) => r.cpuMsPerRequest)),
    };
    return {
      connections,
      durationSec,
      baselines,
      baseline: base,
      onCompletion,
      accepted: { ...acceptedLoad, check },
      ratio: {
        onCompletion: onCompletion.reqPerSec / base.reqPerSec,
        onCompletionP99: onCompletion.p99Ms / base.p99Ms,
        accepted: acceptedLoad.reqPerSec / base.reqPerSec,
        acceptedP99: acceptedLoad.p99Ms / base.p99Ms,
      },
      runtimeMaxRssMb: maxRssMb,
      loadAverage: { before, after: loadAverage() },
    };
  } finally {
    for (const c of children.reverse()) await c.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const r = await runWebhookBench({
    durationSec: Number(argValue('--duration') ?? 10),
    warmupSec: Number(argValue('--warmup') ?? 5),
    connections: Number(argValue('--connections') ?? 50),
    profileDir: argValue('--profile'),
    modes: argValue('--modes')?.split(',') as RespondMode[] | undefined,
    log: (l) => console.error(l),
  });
  const line = (name: string, x: WebhookBenchResult['baseline']) =>
    `${name.padEnd(22)} ${x.reqPerSec.toFixed(0).padStart(7)} req/s   p50 ${x.p50Ms.toFixed(1).padStart(6)} ms   p99 ${x.p99Ms.toFixed(1).padStart(6)} ms   CPU ${x.cpuMsPerRequest.toFixed(3)} ms/req`;
  for (const [i, b] of r.baselines.entries()) console.log(line(`baseline pass ${i + 1}`, b));
  console.log(line('baseline (mean)', r.baseline));
  console.log(line('runtime onCompletion', r.onCompletion), ` non-2xx ${r.onCompletion.non2xx}`);
  console.log(line('runtime accepted', r.accepted), ` non-2xx ${r.accepted.non2xx}`);
  const ok = (b: boolean) => (b ? 'ok' : 'MISSED');
  console.log(
    `onCompletion: ${r.ratio.onCompletion.toFixed(2)}× req/s (≥ 0.7 ${ok(r.ratio.onCompletion >= 0.7)}), p99 ${r.ratio.onCompletionP99.toFixed(2)}× (≤ 2 ${ok(r.ratio.onCompletionP99 <= 2)})`,
  );
  const c = r.accepted.check;
  console.log(
    `accepted: ${r.ratio.accepted.toFixed(2)}× req/s (≥ 0.7 ${ok(r.ratio.accepted >= 0.7)}); ${c.succeeded} runs succeeded for ${c.accepted} 202s, ${c.failed} failed, ${c.cancelled} cancelled (429), ${c.pending} pending, drained in ${c.drainMs.toFixed(0)} ms`,
  );
  console.log(
    `runtime max RSS ${r.runtimeMaxRssMb.toFixed(0)} MB; load average ${r.loadAverage.before} → ${r.loadAverage.after}`,
  );
}
