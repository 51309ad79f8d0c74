/**
 * Runs every benchmark one after another and prints one table: each figure, its baseline measured in the same run,
 * the ratio and the target. Benchmarks are not pass/fail: this always exits 0 (a bench that is missing or throws
 * gets a note instead of rows).
 * Run: `npx tsx test/bench/run-all.ts [--quick] [--only webhook,engine] [--json results.json]`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsxExecArgv } from './support/child';
import { argValue } from './support/is-main';
import { machineLine } from './support/machine';
import {
  editorRows,
  engineRows,
  historyRows,
  loopRows,
  scaleRows,
  scimRows,
  webhookRows,
} from './support/rows';
import { type Row, renderTable } from './support/table';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const only = argValue('--only')
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const jsonOut = argValue('--json');

interface Bench {
  name: string;
  /** Module path under test/bench. */
  file: string;
  run(): Promise<{ rows: Row[]; result: unknown }>;
}

/** Imports a bench module only when its file exists; the type comes from the module itself. */
async function load<M>(file: string): Promise<M> {
  return (await import(path.join(here, file))) as M;
}

const benches: Bench[] = [
  {
    name: 'engine',
    file: 'engine/engine.bench.ts',
    async run() {
      const { runEngineBench } = await load<typeof import('./engine/engine.bench')>(this.file);
      const { createBuiltinCatalog } = await import('../../packages/nodes/src/index');
      const result = await runEngineBench({ runs: quick ? 2000 : 20_000, catalog: createBuiltinCatalog() });
      return { rows: engineRows(result), result };
    },
  },
  {
    name: 'loop',
    file: 'loop/loop.bench.ts',
    async run() {
      const { runLoopBench } = await load<typeof import('./loop/loop.bench')>(this.file);
      const result = await runLoopBench(quick ? { small: 200, big: 2000 } : { small: 1000, big: 10_000 });
      return { rows: loopRows(result), result };
    },
  },
  {
    name: 'scim',
    file: 'scim/scim.bench.ts',
    async run() {
      const { runScimBench } = await load<typeof import('./scim/scim.bench')>(this.file);
      const result = await runScimBench(quick ? { users: 100, rounds: 1 } : { users: 1000 });
      return { rows: scimRows(result), result };
    },
  },
  {
    name: 'history',
    file: 'history/history.bench.ts',
    async run() {
      const { runHistoryBench } = await load<typeof import('./history/history.bench')>(this.file);
      const result = await runHistoryBench(quick ? { big: 5000, samples: 500 } : {});
      return { rows: historyRows(result), result };
    },
  },
  {
    name: 'webhook',
    file: 'webhook/webhook.bench.ts',
    async run() {
      const { runWebhookBench } = await load<typeof import('./webhook/webhook.bench')>(this.file);
      const result = await runWebhookBench({
        durationSec: quick ? 2 : 10,
        warmupSec: quick ? 1 : 5,
        connections: 50,
        log: (l) => console.error(l),
      });
      return { rows: webhookRows(result), result };
    },
  },
  {
    name: 'editor',
    file: 'editor/editor.bench.ts',
    async run() {
      const { runEditorBench } = await load<typeof import('./editor/editor.bench')>(this.file);
      const result = await runEditorBench({ samples: quick ? 1 : 5 });
      return { rows: editorRows(result), result };
    },
  },
  {
    name: 'scale',
    file: 'scale/scale.bench.ts',
    async run() {
      const { runScaleBench } = await load<typeof import('./scale/scale.bench')>(this.file);
      const result = await runScaleBench(quick ? { runs: 200 } : {});
      return { rows: scaleRows(result), result };
    },
  },
];

/**
 * Between benches: flush what the previous one left in the page cache (the history bench writes and deletes
 * ~140 MB of run segments; its write-back would otherwise land on the next bench's fdatasyncs) and let the
 * machine go quiet, so no bench pays for another's leftovers.
 */
async function settle(): Promise<void> {
  try {
    execFileSync('sync');
  } catch {
    // No `sync` command (not POSIX): the pause alone.
  }
  await new Promise((r) => setTimeout(r, quick ? 200 : 3000));
}

const unknown = only?.filter((n) => !benches.some((b) => b.name === n)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}`);
}

/**
 * Each bench runs in a fresh Node process of its own (this script, `--bench NAME`): no bench inherits another's
 * JIT state, heap or handles, so a figure in the suite is the figure of the bench run alone. (In one process, the
 * engine bench's ten node types made the engine's hot functions polymorphic before the provisioning bench ran, and
 * only its flow half paid for that.)
 */
async function runOne(bench: Bench): Promise<{ rows: Row[]; result: unknown }> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'idflow-bench-')), 'result.json');
  const args = [
    ...tsxExecArgv(),
    fileURLToPath(import.meta.url),
    '--bench',
    bench.name,
    '--result-file',
    file,
  ];
  if (quick) args.push('--quick');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c));
  });
  const out = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as {
    rows?: Row[];
    result?: unknown;
    error?: string;
    code?: string;
  };
  await rm(path.dirname(file), { recursive: true, force: true });
  if (out.error !== undefined) throw Object.assign(new Error(out.error), { code: out.code });
  if (!out.rows) throw new Error(`the bench process exited with ${code} and no result`);
  return { rows: out.rows, result: out.result };
}

const childBench = argValue('--bench');
if (childBench !== undefined) {
  // Child: run one bench and hand its rows back through the result file.
  const file = argValue('--result-file')!;
  const bench = benches.find((b) => b.name === childBench);
  try {
    if (!bench) throw new Error(`unknown bench ${childBench}`);
    const { rows, result } = await bench.run();
    await writeFile(file, JSON.stringify({ rows, result }));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(err);
    await writeFile(file, JSON.stringify({ error: message, code: (err as { code?: string }).code }));
  }
  process.exit(0);
}

const started = machineLine();
console.error(`${quick ? 'quick smoke run' : 'full run'} — ${started}`);
const rows: Row[] = [];
const notes: string[] = [];
const results: Record<string, unknown> = {};
for (const bench of benches) {
  if (only && !only.includes(bench.name)) continue;
  if (!existsSync(path.join(here, bench.file))) {
    notes.push(`${bench.name}: skipped, test/bench/${bench.file} is not there`);
    continue;
  }
  if (rows.length > 0 || notes.length > 0) await settle();
  const t0 = performance.now();
  console.error(`— ${bench.name} …`);
  try {
    const { rows: r, result } = await runOne(bench);
    rows.push(...r);
    results[bench.name] = result;
    console.error(`— ${bench.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const missing = (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    notes.push(
      `${bench.name}: ${missing ? 'skipped, a module it needs is missing' : 'failed'}: ${message.split('\n')[0]}`,
    );
    console.error(err);
  }
}

console.log(`\nidflow benchmarks (${quick ? 'quick smoke run, not comparable to targets' : 'full'})`);
console.log(`start: ${started}`);
console.log(`end:   ${machineLine()}\n`);
console.log(renderTable(rows));
if (notes.length > 0) console.log(`\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}`);
if (jsonOut)
  await writeFile(jsonOut, `${JSON.stringify({ started, quick, rows, notes, results }, null, 2)}\n`);
// Benchmarks report; they do not gate. Children are stopped by now; exit explicitly in case a handle lingers.
process.exit(0);
