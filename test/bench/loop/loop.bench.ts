/**
 * Big-loop bench: control.forEach over 10,000 items vs 1,000 (the list made by an earlier transform.map step), each
 * item running a small helper flow (engine in-process, real builtin catalog; child run records go to onChildRun,
 * which serializes and counts them, as a store would). Each size runs in a fresh child process so its peak RSS is its own.
 * Targets: per-item time and RSS growth linear in the item count; the parent run record stays under 1 MB of JSON.
 * Run: `npx tsx test/bench/loop/loop.bench.ts [--small 1000] [--big 10000] [--concurrency 10]`.
 * Suite runners call `runLoopBench({ small, big })`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileFlow, type Flow, runFlow } from '../../../packages/engine/src/index';
import { createBuiltinCatalog } from '../../../packages/nodes/src/index';
import { tsxExecArgv } from '../support/child';
import { argValue, isMain } from '../support/is-main';

export interface LoopSize {
  items: number;
  totalMs: number;
  /** Wall time per item (µs). */
  perItemUs: number;
  /** Process RSS before the measured run and its peak during it (MB). */
  rssBeforeMb: number;
  peakRssMb: number;
  /** Child run records seen by onChildRun, and their JSON size together (MB). */
  childRuns: number;
  childJsonMb: number;
  /** JSON size of the parent run record (bytes). */
  parentRecordBytes: number;
  status: string;
}

export interface LoopBenchResult {
  concurrency: number;
  small: LoopSize;
  big: LoopSize;
  /** big.perItemUs / small.perItemUs: 1.0 is perfectly linear. */
  timeRatio: number;
  /** RSS growth during the big run over the small run's, divided by the item ratio: 1.0 is linear. */
  rssGrowthRatio: number;
}

const HELPER: Flow = {
  schemaVersion: 1,
  id: 'loop-helper',
  name: 'Loop helper: shape one user',
  nodes: [
    { id: 'called', type: 'trigger.call', position: { x: 0, y: 0 }, config: {} },
    {
      id: 'shape',
      type: 'transform.map',
      position: { x: 280, y: 0 },
      config: {
        value: '={ "userName": $lowercase(item.email), "displayName": $uppercase(item.name), "n": index }',
      },
    },
  ],
  edges: [{ from: 'called', to: 'shape' }],
};

function parentFlow(concurrency: number): Flow {
  return {
    schemaVersion: 1,
    id: 'loop-parent',
    name: 'Loop parent',
    nodes: [
      { id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 }, config: {} },
      // The list comes from an earlier step (as from an HR feed), not from the trigger: the trigger stays small.
      {
        id: 'users',
        type: 'transform.map',
        position: { x: 280, y: 0 },
        config: {
          value: '=[1..trigger.count].{ "email": "User" & $ & "@Example.com", "name": "user number " & $ }',
        },
      },
      {
        id: 'each',
        type: 'control.forEach',
        position: { x: 560, y: 0 },
        config: { items: '=steps.users', flow: HELPER.id, concurrency, onItemError: 'continue' },
      },
    ],
    edges: [
      { from: 'start', to: 'users' },
      { from: 'users', to: 'each' },
    ],
  };
}

/** One measured loop in this process (after a small warm-up loop). */
async function measure(n: number, concurrency: number): Promise<LoopSize> {
  const catalog = createBuiltinCatalog();
  const helper = compileFlow(HELPER, catalog);
  const parent = compileFlow(parentFlow(concurrency), catalog);
  let childRuns = 0;
  let childBytes = 0;
  const run = (count: number) =>
    runFlow(parent, {
      catalog,
      trigger: { kind: 'manual', data: { count } },
      resolveFlow: async () => helper,
      onChildRun: (record) => {
        childRuns++;
        childBytes += JSON.stringify(record).length;
      },
    });
  // Warm-up (JIT, JSONata caches) with the same loop size at both sizes' scale.
  for (let i = 0; i < 3; i++) await run(Math.min(n, 1000));
  childRuns = 0;
  childBytes = 0;
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const t0 = performance.now();
  const record = await run(n);
  const totalMs = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    items: n,
    totalMs,
    perItemUs: (totalMs * 1000) / n,
    rssBeforeMb: rssBefore / 2 ** 20,
    peakRssMb: peak / 2 ** 20,
    childRuns,
    childJsonMb: childBytes / 2 ** 20,
    parentRecordBytes: Buffer.byteLength(JSON.stringify(record)),
    status: record.status,
  };
}

/** Runs `measure` in a fresh process (tsx's loader passed on) and returns its JSON answer. */
function measureInChild(n: number, concurrency: number): Promise<LoopSize> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        ...tsxExecArgv(),
        fileURLToPath(import.meta.url),
        '--measure',
        String(n),
        '--concurrency',
        String(concurrency),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(line) as LoopSize);
      else reject(new Error(`loop measurement (${n} items) exited with ${code}: ${out}`));
    });
  });
}

export async function runLoopBench(
  opts: { small?: number; big?: number; concurrency?: number } = {},
): Promise<LoopBenchResult> {
  const concurrency = opts.concurrency ?? 10;
  const small = await measureInChild(opts.small ?? 1000, concurrency);
  const big = await measureInChild(opts.big ?? 10_000, concurrency);
  for (const s of [small, big]) {
    if (s.status !== 'succeeded' || s.childRuns !== s.items)
      throw new Error(`loop of ${s.items}: status ${s.status}, ${s.childRuns} child runs recorded`);
  }
  // Growth below 4 MB is noise (heap already reserved); floor it so the ratio means something.
  const grow = (s: LoopSize) => Math.max(4, s.peakRssMb - s.rssBeforeMb);
  return {
    concurrency,
    small,
    big,
    timeRatio: big.perItemUs / small.perItemUs,
    rssGrowthRatio: grow(big) / grow(small) / (big.items / small.items),
  };
}

if (isMain(import.meta.url) && process.argv.includes('--measure')) {
  const r = await measure(Number(argValue('--measure')), Number(argValue('--concurrency') ?? 10));
  console.log(JSON.stringify(r));
} else if (isMain(import.meta.url)) {
  const r = await runLoopBench({
    small: Number(argValue('--small') ?? 1000),
    big: Number(argValue('--big') ?? 10_000),
    concurrency: Number(argValue('--concurrency') ?? 10),
  });
  console.log(`control.forEach, concurrency ${r.concurrency}, helper flow per item:`);
  console.log('items  | total ms | µs/item | RSS before → peak (MB) | child runs | parent record');
  for (const s of [r.small, r.big]) {
    console.log(
      `${String(s.items).padEnd(6)} | ${s.totalMs.toFixed(0).padStart(8)} | ${s.perItemUs.toFixed(1).padStart(7)} | ${s.rssBeforeMb.toFixed(0)} → ${s.peakRssMb.toFixed(0)} | ${s.childRuns} (${s.childJsonMb.toFixed(1)} MB JSON) | ${(s.parentRecordBytes / 1024).toFixed(0)} KB`,
    );
  }
  console.log(
    `per-item time ${r.big.items}/${r.small.items}: ${r.timeRatio.toFixed(2)}× (linear: ≈ 1); RSS growth per item: ${r.rssGrowthRatio.toFixed(2)}× (linear: ≤ 1); parent record ${(r.big.parentRecordBytes / 1024).toFixed(0)} KB (< 1024 KB)`,
  );
}
