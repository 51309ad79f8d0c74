/**
 * Run-history benchmark for the file store: time to record one run with 1,000 vs 100,000 runs stored (sequential and
 * 50 concurrent), open time and RSS with 100,000 stored, and the whole runtime's start time and RSS on that folder.
 * Open and start are each measured in a fresh child process.
 * Run: `npx tsx test/bench/history/history.bench.ts [--big 100000] [--samples 2000]`; BENCH_DIR picks the data folder
 * (default: the OS temp dir). Suite runners call `runHistoryBench()`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileStore, type FileStore } from '../../../apps/runtime/src/store/index';
import type { RunRecord } from '../../../packages/engine/src/index';
import { buildRuntime, CHILD_ADMIN_TOKEN, spawnRuntime } from '../../support/runtime-process';
import { tsxExecArgv } from '../support/child';

export interface RecordTimes {
  stored: number;
  /** Mean µs per saveRun, awaited one after another (each pays a full fdatasync). */
  sequentialUs: number;
  /** Mean µs per run with 50 saveRun calls in flight at once (group commit shares fdatasyncs). */
  concurrentUs: number;
  /** Appends (write + fdatasync) all concurrent rounds needed together. */
  concurrentAppends: number;
}

export interface HistoryBenchResult {
  small: RecordTimes;
  big: RecordTimes;
  /** big / small, sequential and concurrent: target ≤ 1.5. */
  sequentialRatio: number;
  concurrentRatio: number;
  openMs: number;
  rssMb: number;
  segmentMb: number;
  /** The runtime as `npm start` runs it (production build) on the big folder, fresh process: spawn → listening. */
  startMs: number;
  /** Its RSS after it answered one run-history page. */
  startRssMb: number;
}

const PAD = 'x'.repeat(560);
let seq = 0;

/** A ~1 KB run record. */
function record(flowId: string): RunRecord {
  seq++;
  const t = new Date(Date.UTC(2026, 10, 1) + seq * 1000).toISOString();
  return {
    id: `run-${seq.toString(36).padStart(8, '0')}-${flowId}`,
    flowId,
    flowHash: 'f3a1c5e9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6',
    trigger: { kind: 'webhook', data: { body: { email: `user${seq}@example.com`, dept: 'Sales' } } },
    status: seq % 13 === 0 ? 'failed' : 'succeeded',
    queuedAt: t,
    startedAt: t,
    finishedAt: t,
    durationMs: 42,
    steps: [
      { nodeId: 'hire', type: 'trigger.webhook', status: 'succeeded', attempts: 1, durationMs: 0 },
      {
        nodeId: 'find',
        type: 'scim.findUser',
        status: 'succeeded',
        attempts: 1,
        durationMs: 20,
        output: { found: false },
      },
      {
        nodeId: 'create',
        type: 'scim.createUser',
        status: 'succeeded',
        attempts: 1,
        durationMs: 21,
        output: { note: PAD },
      },
    ],
  };
}

async function seed(store: FileStore, n: number): Promise<void> {
  for (let done = 0; done < n; done += 5000) {
    const batch = Array.from({ length: Math.min(5000, n - done) }, (_, i) => record(`flow-${i % 20}`));
    await Promise.all(batch.map((r) => store.saveRun(r)));
  }
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeRecording(dir: string, stored: number, samples: number): Promise<RecordTimes> {
  const store = createFileStore({ dir });
  await store.open();
  await seed(store, stored);
  // fdatasync latency on shared disks is noisy: time 5 rounds and keep the median round's mean.
  const rounds = 5;
  const per = Math.max(50, Math.round(samples / rounds / 50) * 50);
  const seqRounds: number[] = [];
  const conRounds: number[] = [];
  const appendsBefore = store.stats().appends;
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    for (let i = 0; i < per; i++) await store.saveRun(record('timed'));
    seqRounds.push(((performance.now() - t) * 1000) / per);
    t = performance.now();
    for (let i = 0; i < per; i += 50) {
      await Promise.all(Array.from({ length: 50 }, () => store.saveRun(record('timed'))));
    }
    conRounds.push(((performance.now() - t) * 1000) / per);
  }
  const sequentialUs = median(seqRounds);
  const concurrentUs = median(conRounds);
  const concurrentAppends = store.stats().appends - appendsBefore - rounds * per;
  await store.close();
  return { stored, sequentialUs, concurrentUs, concurrentAppends };
}

/** Opens the store in a fresh process (tsx's loader passed on) and reports open time and RSS. */
function measureOpen(
  dir: string,
): Promise<{ openMs: number; rssMb: number; runs: number; segmentMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...tsxExecArgv(), fileURLToPath(import.meta.url), '--open-only', dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0)
        resolve(JSON.parse(line) as { openMs: number; rssMb: number; runs: number; segmentMb: number });
      else reject(new Error(`open measurement exited with ${code}: ${out}`));
    });
  });
}

interface StartFigures {
  startMs: number;
  startRssMb: number;
}

/** Resident set size of a process (Linux /proc), in MB. */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/**
 * Starts the runtime as `npm start` does (the production build, built first) on `dir` in a fresh process:
 * spawn → listening, and its RSS once it has answered one run-history page.
 */
async function measureStart(dir: string): Promise<StartFigures> {
  const built = buildRuntime('bench');
  try {
    const spawned = performance.now();
    const rt = await spawnRuntime({
      dir,
      entry: built.main,
      env: { IDFLOW_LOG_LEVEL: 'warn', IDFLOW_RETENTION_MAX_RUNS: '10000000' },
    });
    const startMs = performance.now() - spawned;
    try {
      const res = await fetch(`${rt.url}/api/v1/runs?limit=50`, {
        headers: { authorization: `Bearer ${CHILD_ADMIN_TOKEN}` },
      });
      if (!res.ok) throw new Error(`GET /api/v1/runs answered ${res.status}`);
      await res.arrayBuffer();
      return { startMs, startRssMb: await rssOf(rt.proc.pid!) };
    } finally {
      await rt.kill('SIGTERM');
    }
  } finally {
    await built.remove();
  }
}

async function openOnly(dir: string): Promise<void> {
  const store = createFileStore({ dir });
  const t = performance.now();
  await store.open();
  const openMs = performance.now() - t;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  if (process.env.BENCH_DEBUG) console.error(process.memoryUsage());
  const runs = await store.countRuns();
  const runsDir = path.join(dir, 'runs');
  let bytes = 0;
  for (const f of await readdir(runsDir)) bytes += (await stat(path.join(runsDir, f))).size;
  const segmentMb = bytes / 2 ** 20;
  await store.close();
  console.log(JSON.stringify({ openMs, rssMb, runs, segmentMb }));
}

export async function runHistoryBench(
  opts: { big?: number; samples?: number; dir?: string } = {},
): Promise<HistoryBenchResult> {
  const big = opts.big ?? 100_000;
  const samples = opts.samples ?? 2000;
  const root = await mkdtemp(
    path.join(opts.dir ?? process.env.BENCH_DIR ?? tmpdir(), 'idflow-history-bench-'),
  );
  try {
    const small = await timeRecording(path.join(root, 'small'), 1000, samples);
    const bigTimes = await timeRecording(path.join(root, 'big'), big, samples);
    const open = await measureOpen(path.join(root, 'big'));
    const start = await measureStart(path.join(root, 'big'));
    const timed = 2 * 5 * Math.max(50, Math.round(samples / 5 / 50) * 50);
    if (open.runs !== big + timed)
      throw new Error(`expected ${big + timed} runs after open, got ${open.runs}`);
    return {
      small,
      big: bigTimes,
      sequentialRatio: bigTimes.sequentialUs / small.sequentialUs,
      concurrentRatio: bigTimes.concurrentUs / small.concurrentUs,
      openMs: open.openMs,
      rssMb: open.rssMb,
      segmentMb: open.segmentMb,
      ...start,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain && process.argv.includes('--open-only')) {
  await openOnly(arg('--open-only')!);
} else if (isMain) {
  const big = Number(arg('--big') ?? 100_000);
  const r = await runHistoryBench({ big, samples: Number(arg('--samples') ?? 2000) });
  const f = (n: number) => n.toFixed(0).padStart(9);
  console.log('stored runs | sequential µs/run | 50 concurrent µs/run | appends (concurrent)');
  for (const t of [r.small, r.big]) {
    console.log(
      `${String(t.stored).padStart(11)} | ${f(t.sequentialUs)}         | ${f(t.concurrentUs)}            | ${t.concurrentAppends}`,
    );
  }
  const ok = (b: boolean) => (b ? 'ok' : 'MISSED');
  console.log(
    `ratio ${big}/1000: sequential ${r.sequentialRatio.toFixed(2)}×, concurrent ${r.concurrentRatio.toFixed(2)}× (target ≤ 1.5×) ${ok(Math.max(r.sequentialRatio, r.concurrentRatio) <= 1.5)}`,
  );
  console.log(`open with ${big} runs: ${r.openMs.toFixed(0)} ms (target < 2000) ${ok(r.openMs < 2000)}`);
  console.log(
    `RSS after open: ${r.rssMb.toFixed(0)} MB (target < 250) ${ok(r.rssMb < 250)}; segments on disk: ${r.segmentMb.toFixed(0)} MB`,
  );
  console.log(
    `runtime start with ${big} runs: ${r.startMs.toFixed(0)} ms spawn → listening (target < 2000) ${ok(r.startMs < 2000)}; RSS ${r.startRssMb.toFixed(0)} MB (target < 250) ${ok(r.startRssMb < 250)}`,
  );
}
