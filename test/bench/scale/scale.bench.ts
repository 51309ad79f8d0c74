/**
 * Scale-out benchmark: 2,000 runs of a small transform flow through BullMQ + PostgreSQL with one worker process,
 * then two. Reports how fast the main accepts runs (persist `queued` + enqueue) and how fast workers finish them
 * (first start to last finish, from the stored records), and the two-worker / one-worker ratio.
 * Run: `npx tsx test/bench/scale/scale.bench.ts [--runs 2000] [--concurrency 8]`. Needs local Redis and PostgreSQL
 * (IDFLOW_TEST_REDIS, IDFLOW_TEST_PG). Suite runners call `runScaleBench()`.
 */

import {
  countByStatus,
  makeCluster,
  saveFlow,
  spawnWorker,
  submitRun,
  transformFlow,
  waitFor,
} from '../../scale/scale-harness';
import { argValue, isMain } from '../support/is-main';
import { machineCpu, machineLine } from '../support/machine';

export interface ScaleRound {
  workers: number;
  runs: number;
  /** Runs/s the main persisted and enqueued (50 in flight). */
  acceptedPerSec: number;
  /** Runs/s from the first run's start to the last run's finish. */
  executedPerSec: number;
  /**
   * Whole-machine CPU use while the workers ran (PostgreSQL, Redis, main, workers, bench): near 100% the machine is
   * CPU-bound and another worker can only share the same cores.
   */
  machineBusyPct: number;
}

export interface ScaleBenchResult {
  one: ScaleRound;
  two: ScaleRound;
  /** two.executedPerSec / one.executedPerSec: above 1 only when one worker left cores idle (see machineBusyPct). */
  ratio: number;
}

async function round(workers: number, runs: number, concurrency: number): Promise<ScaleRound> {
  const c = await makeCluster();
  try {
    await saveFlow(c, transformFlow('bench'));
    // Backlog first, then the workers: their start-up time stays out of the measurement.
    const t0 = performance.now();
    for (let i = 0; i < runs; i += 50) {
      const batch = Array.from(
        { length: Math.min(50, runs - i) },
        (_, j) => `b-${String(i + j).padStart(6, '0')}`,
      );
      await Promise.all(batch.map((id) => submitRun(c, 'bench', id, { email: `${id}@example.com` })));
    }
    await c.queue.flush();
    const acceptedPerSec = runs / ((performance.now() - t0) / 1000);
    const cpu = machineCpu();
    await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        spawnWorker(c, `bench-${i}`, {
          IDFLOW_WORKER_CONCURRENCY: String(concurrency),
          IDFLOW_LOG_LEVEL: 'error',
        }),
      ),
    );
    await waitFor(
      'all runs finished',
      async () => ((await countByStatus(c.store, 'bench')).succeeded ?? 0) >= runs,
      300_000,
    );
    const machineBusyPct = cpu.stop();
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    let cursor: string | undefined;
    do {
      const page = await c.store.listRuns({ flowId: 'bench', limit: 500, ...(cursor ? { cursor } : {}) });
      for (const r of page.items) {
        first = Math.min(first, Date.parse(r.startedAt ?? ''));
        last = Math.max(last, Date.parse(r.finishedAt ?? ''));
      }
      cursor = page.nextCursor;
    } while (cursor);
    return { workers, runs, acceptedPerSec, executedPerSec: runs / ((last - first) / 1000), machineBusyPct };
  } finally {
    await c.cleanup();
  }
}

/** One worker, then two, on fresh queues and schemas. */
export async function runScaleBench(
  opts: { runs?: number; concurrency?: number } = {},
): Promise<ScaleBenchResult> {
  const runs = opts.runs ?? 2000;
  const concurrency = opts.concurrency ?? 8;
  const one = await round(1, runs, concurrency);
  const two = await round(2, runs, concurrency);
  return { one, two, ratio: two.executedPerSec / one.executedPerSec };
}

if (isMain(import.meta.url)) {
  const r = await runScaleBench({
    runs: Number(argValue('--runs') ?? 2000),
    concurrency: Number(argValue('--concurrency') ?? 8),
  });
  console.log(machineLine());
  console.log('workers | runs | accepted runs/s | executed runs/s | machine CPU busy');
  for (const x of [r.one, r.two]) {
    console.log(
      `${String(x.workers).padStart(7)} | ${x.runs} | ${x.acceptedPerSec.toFixed(0).padStart(15)} | ${x.executedPerSec.toFixed(0).padStart(15)} | ${x.machineBusyPct.toFixed(0).padStart(15)}%`,
    );
  }
  console.log(
    `two / one workers: ${r.ratio.toFixed(2)}× (a second worker helps only when the first left cores idle)`,
  );
  process.exit(0);
}
