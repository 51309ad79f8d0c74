/** Turns each bench's result into rows of the one results table (targets from test/bench/README.md). */
import type { EditorBenchResult } from '../editor/editor.bench';
import type { EngineBenchResult } from '../engine/engine.bench';
import type { HistoryBenchResult } from '../history/history.bench';
import type { LoopBenchResult } from '../loop/loop.bench';
import type { ScaleBenchResult } from '../scale/scale.bench';
import type { ScimBenchResult } from '../scim/scim.bench';
import type { WebhookBenchResult } from '../webhook/webhook.bench';
import { dash, fmt, type Row, verdict } from './table';

const x = (n: number) => `${fmt(n, 2)}×`;

export function webhookRows(r: WebhookBenchResult): Row[] {
  const b = r.baseline;
  const c = r.accepted.check;
  const finished = c.succeeded >= c.accepted && c.failed === 0 && c.pending === 0;
  return [
    {
      bench: 'webhook',
      figure: `onCompletion req/s (${r.connections} conn, ${r.durationSec} s)`,
      value: fmt(r.onCompletion.reqPerSec),
      baseline: fmt(b.reqPerSec),
      ratio: x(r.ratio.onCompletion),
      target: '≥ 0.7×',
      verdict: verdict(r.ratio.onCompletion >= 0.7),
    },
    {
      bench: 'webhook',
      figure: 'onCompletion p50 / p99 latency (ms)',
      value: `${fmt(r.onCompletion.p50Ms)} / ${fmt(r.onCompletion.p99Ms)}`,
      baseline: `${fmt(b.p50Ms)} / ${fmt(b.p99Ms)}`,
      ratio: x(r.ratio.onCompletionP99),
      target: 'p99 ≤ 2×',
      verdict: verdict(r.ratio.onCompletionP99 <= 2),
    },
    {
      bench: 'webhook',
      figure: 'onCompletion server CPU per request (ms)',
      value: fmt(r.onCompletion.cpuMsPerRequest, 3),
      baseline: fmt(b.cpuMsPerRequest, 3),
      ratio: x(r.onCompletion.cpuMsPerRequest / b.cpuMsPerRequest),
      target: '(info)',
      verdict: '',
    },
    {
      bench: 'webhook',
      figure: 'accepted req/s (202 after persist)',
      value: fmt(r.accepted.reqPerSec),
      baseline: fmt(b.reqPerSec),
      ratio: x(r.ratio.accepted),
      target: '≥ 0.7×',
      verdict: verdict(r.ratio.accepted >= 0.7),
    },
    {
      bench: 'webhook',
      figure: 'accepted p50 / p99 latency (ms); non-2xx',
      value: `${fmt(r.accepted.p50Ms)} / ${fmt(r.accepted.p99Ms)}; ${fmt(r.accepted.non2xx)}`,
      baseline: `${fmt(b.p50Ms)} / ${fmt(b.p99Ms)}`,
      ratio: x(r.ratio.acceptedP99),
      target: '(info)',
      verdict: '',
    },
    {
      bench: 'webhook',
      figure: 'accepted runs finished (succeeded / 202s)',
      value: `${fmt(c.succeeded)} / ${fmt(c.accepted)}`,
      baseline: dash,
      ratio: `failed ${c.failed}, pending ${c.pending}, 429-cancelled ${fmt(c.cancelled)}`,
      target: 'all finish',
      verdict: verdict(finished),
    },
  ];
}

export function engineRows(r: EngineBenchResult): Row[] {
  return [
    {
      bench: 'engine',
      figure: `runs/s, 10-step flow, builtin catalog (${fmt(r.runs)} runs)`,
      value: fmt(r.engineRunsPerSec),
      baseline: fmt(r.handRunsPerSec),
      ratio: x(r.ratio),
      target: '≥ 0.5×',
      verdict: verdict(r.ratio >= 0.5),
    },
  ];
}

export function scimRows(r: ScimBenchResult): Row[] {
  const created = r.flowCreated === r.users && r.loopCreated === r.users;
  return [
    {
      bench: 'provisioning',
      figure: `SCIM users/s (${fmt(r.users)} users, concurrency ${r.concurrency})`,
      value: fmt(r.flowUsersPerSec),
      baseline: fmt(r.loopUsersPerSec),
      ratio: x(r.ratio),
      target: '≥ 0.83×',
      verdict: verdict(r.ratio >= 0.83 && created),
    },
    {
      bench: 'provisioning',
      figure: 'CPU ms per user (this process)',
      value: fmt(r.flowCpuMsPerUser, 3),
      baseline: fmt(r.loopCpuMsPerUser, 3),
      ratio: x(r.flowCpuMsPerUser / r.loopCpuMsPerUser),
      target: '(info)',
      verdict: '',
    },
  ];
}

export function historyRows(r: HistoryBenchResult): Row[] {
  const n = fmt(r.big.stored);
  return [
    {
      bench: 'history',
      figure: `record µs/run, sequential, ${n} vs 1,000 stored`,
      value: fmt(r.big.sequentialUs),
      baseline: fmt(r.small.sequentialUs),
      ratio: x(r.sequentialRatio),
      target: '≤ 1.5×',
      verdict: verdict(r.sequentialRatio <= 1.5),
    },
    {
      bench: 'history',
      figure: `record µs/run, 50 concurrent, ${n} vs 1,000`,
      value: fmt(r.big.concurrentUs),
      baseline: fmt(r.small.concurrentUs),
      ratio: x(r.concurrentRatio),
      target: '≤ 1.5×',
      verdict: verdict(r.concurrentRatio <= 1.5),
    },
    {
      bench: 'history',
      figure: `open with ${n} runs (ms)`,
      value: fmt(r.openMs),
      baseline: dash,
      ratio: dash,
      target: '< 2,000 ms',
      verdict: verdict(r.openMs < 2000),
    },
    {
      bench: 'history',
      figure: `RSS after open, ${n} runs (MB)`,
      value: fmt(r.rssMb),
      baseline: dash,
      ratio: dash,
      target: '< 250 MB',
      verdict: verdict(r.rssMb < 250),
    },
    {
      bench: 'history',
      figure: `runtime start (built, as npm start) with ${n} runs: spawn → listening (ms)`,
      value: fmt(r.startMs),
      baseline: dash,
      ratio: dash,
      target: '< 2,000 ms',
      verdict: verdict(r.startMs < 2000),
    },
    {
      bench: 'history',
      figure: `runtime RSS after start and one runs page, ${n} runs (MB)`,
      value: fmt(r.startRssMb),
      baseline: dash,
      ratio: dash,
      target: '< 250 MB',
      verdict: verdict(r.startRssMb < 250),
    },
  ];
}

export function loopRows(r: LoopBenchResult): Row[] {
  const s = r.small;
  const b = r.big;
  return [
    {
      bench: 'big loop',
      figure: `forEach µs/item, ${fmt(b.items)} vs ${fmt(s.items)} items`,
      value: fmt(b.perItemUs, 1),
      baseline: fmt(s.perItemUs, 1),
      ratio: x(r.timeRatio),
      target: 'linear (≤ 1.5×)',
      verdict: verdict(r.timeRatio <= 1.5),
    },
    {
      bench: 'big loop',
      figure: `peak RSS (MB), ${fmt(b.items)} vs ${fmt(s.items)} items`,
      value: `${fmt(b.peakRssMb)} (+${fmt(b.peakRssMb - b.rssBeforeMb)})`,
      baseline: `${fmt(s.peakRssMb)} (+${fmt(s.peakRssMb - s.rssBeforeMb)})`,
      ratio: `${x(r.rssGrowthRatio)} per item`,
      target: 'linear (≤ 1.5×)',
      verdict: verdict(r.rssGrowthRatio <= 1.5),
    },
    {
      bench: 'big loop',
      figure: `parent run record JSON, ${fmt(b.items)} items (KB)`,
      value: fmt(b.parentRecordBytes / 1024),
      baseline: fmt(s.parentRecordBytes / 1024),
      ratio: x(b.parentRecordBytes / s.parentRecordBytes),
      target: '< 1,024 KB',
      verdict: verdict(b.parentRecordBytes < 1024 * 1024),
    },
  ];
}

export function editorRows(r: EditorBenchResult): Row[] {
  return [
    {
      bench: 'editor',
      figure: `render ${r.nodes}-node flow (median of ${r.samplesMs.length}, ms)`,
      value: fmt(r.medianMs),
      baseline: dash,
      ratio: dash,
      target: `< ${fmt(r.targets.renderMs)} ms`,
      verdict: verdict(r.medianMs < r.targets.renderMs),
    },
    {
      bench: 'editor',
      figure: 'bundle size gzip (KB)',
      value: fmt(r.bundleGzipBytes / 1024),
      baseline: dash,
      ratio: dash,
      target: `< ${fmt(r.targets.gzipBytes / 1024)} KB`,
      verdict: verdict(r.bundleGzipBytes < r.targets.gzipBytes),
    },
  ];
}

export function scaleRows(r: ScaleBenchResult): Row[] {
  return [
    {
      bench: 'scale',
      figure: `executed runs/s, 2 workers vs 1 (${fmt(r.one.runs)} runs)`,
      value: fmt(r.two.executedPerSec),
      baseline: fmt(r.one.executedPerSec),
      ratio: x(r.ratio),
      target: `(info) machine CPU busy ${fmt(r.one.machineBusyPct)}% / ${fmt(r.two.machineBusyPct)}%`,
      verdict: '',
    },
  ];
}
