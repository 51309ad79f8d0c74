/**
 * Engine benchmark: a trigger plus ten transform steps through runFlow (run records built) vs a hand-written
 * function doing the same ten precompiled JSONata evaluations.
 * Run: `npx tsx test/bench/engine/engine.bench.ts [--runs 20000]`. Suite runners call `runEngineBench({ runs })`;
 * pass `catalog` (with transform.set / transform.map / trigger.manual) to bench the real node types.
 */
import { runEngineBench } from '../../../packages/engine/test/engine-bench';

export { type EngineBenchResult, runEngineBench } from '../../../packages/engine/test/engine-bench';

const isMain =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*[\\/]/, ''));
if (isMain) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 20_000;
  const r = await runEngineBench({ runs });
  console.log(`runs: ${r.runs}`);
  console.log(`hand-written: ${Math.round(r.handRunsPerSec)} runs/s`);
  console.log(`engine:       ${Math.round(r.engineRunsPerSec)} runs/s`);
  console.log(`ratio:        ${(r.ratio * 100).toFixed(1)}% of hand-written (target >= 50%)`);
}
