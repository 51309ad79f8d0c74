/** Engine benchmark body (lives here so zod and jsonata resolve): runFlow vs the same ten JSONata evaluations by hand. */

import jsonata from 'jsonata';
import { z } from 'zod';
import {
  type AnyNodeType,
  type Catalog,
  compileFlow,
  createCatalog,
  defineNodeType,
  type Flow,
  runFlow,
} from '../src/index';

/** Minimal stand-ins for packages/nodes' transform.set / transform.map; pass the real catalog to swap them. */
const transformSet = defineNodeType(
  {
    type: 'transform.set',
    title: 'Set fields',
    category: 'transform',
    description: 'Outputs an object of fields.',
    config: z.object({ fields: z.record(z.string(), z.unknown()) }),
    outputs: [{ id: 'out' }],
    hasInput: true,
    output: { type: 'object' },
  },
  { run: async (ctx) => ({ output: ctx.config.fields }) },
);
const transformMap = defineNodeType(
  {
    type: 'transform.map',
    title: 'Map',
    category: 'transform',
    description: 'Outputs one value.',
    config: z.object({ value: z.unknown() }),
    outputs: [{ id: 'out' }],
    hasInput: true,
    output: {},
  },
  { run: async (ctx) => ({ output: ctx.config.value }) },
);
const manual = defineNodeType(
  {
    type: 'trigger.manual',
    title: 'Manual',
    category: 'trigger',
    description: 'Starts the flow by hand.',
    config: z.object({}),
    outputs: [{ id: 'out' }],
    hasInput: false,
    output: {},
    trigger: 'manual',
  },
  { run: async (ctx) => ({ output: ctx.trigger.data }) },
);

/** The ten expressions, in order; node i reads earlier steps. */
const STEPS: [id: string, type: 'transform.set' | 'transform.map', expression: string][] = [
  ['email', 'transform.map', '$lowercase(trigger.body.email)'],
  ['names', 'transform.set', '$split(trigger.body.name, " ")'],
  ['given', 'transform.map', 'steps.names[0]'],
  ['family', 'transform.map', 'steps.names[-1]'],
  ['username', 'transform.map', 'steps.email'],
  ['display', 'transform.map', 'steps.given & " " & steps.family'],
  ['active', 'transform.map', 'trigger.body.status = "active"'],
  ['groups', 'transform.map', 'trigger.body.groups[$ != ""].$uppercase($)'],
  ['dept', 'transform.map', '$substringBefore(trigger.body.department, "/")'],
  [
    'user',
    'transform.set',
    '{ "userName": steps.username, "displayName": steps.display, "active": steps.active, "groups": steps.groups, "dept": steps.dept }',
  ],
];

export function benchFlow(): Flow {
  const nodes: Flow['nodes'] = [
    { id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 }, config: {} },
  ];
  const edges: Flow['edges'] = [];
  let prev = 'start';
  STEPS.forEach(([id, type, expr], i) => {
    const config = type === 'transform.set' ? { fields: { result: `=${expr}` } } : { value: `=${expr}` };
    nodes.push({ id, type, position: { x: (i + 1) * 200, y: 0 }, config });
    edges.push({ from: prev, to: id });
    prev = id;
  });
  return { schemaVersion: 1, id: 'bench-flow', name: 'Bench flow', nodes, edges };
}

const TRIGGER = {
  body: {
    email: 'Ada.Lovelace@Example.COM',
    name: 'Ada Lovelace',
    status: 'active',
    groups: ['eng', '', 'admins'],
    department: 'R&D/Analytics',
  },
};

/** The same work written by hand: ten precompiled JSONata expressions against one context object. */
function handWritten() {
  const compiled = STEPS.map(([id, type, expr]) => [id, type, jsonata(expr)] as const);
  return async (trigger: unknown) => {
    const steps: Record<string, unknown> = {};
    const scope = { trigger, steps };
    for (const [id, type, expr] of compiled) {
      const v = await expr.evaluate(scope);
      steps[id] = type === 'transform.set' ? { result: v } : v;
    }
    return steps.user;
  };
}

export interface EngineBenchResult {
  runs: number;
  engineRunsPerSec: number;
  handRunsPerSec: number;
  /** Engine throughput over hand-written: the median over 20 interleaved slices. */
  ratio: number;
}

/** Times both in alternating slices, so load from other processes hits both alike. */
async function timeBoth(
  runs: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[number, number, number]> {
  for (let i = 0; i < Math.min(2000, runs); i++) {
    await a();
    await b();
  }
  const slices = 20;
  const per = Math.max(1, Math.floor(runs / slices));
  let ta = 0n;
  let tb = 0n;
  const ratios: number[] = [];
  for (let s = 0; s < slices; s++) {
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < per; i++) await a();
    const da = process.hrtime.bigint() - t0;
    t0 = process.hrtime.bigint();
    for (let i = 0; i < per; i++) await b();
    const db = process.hrtime.bigint() - t0;
    ta += da;
    tb += db;
    ratios.push(Number(da) / Number(db));
  }
  ratios.sort((x, y) => x - y);
  const total = per * slices;
  // The median of per-slice ratios resists load spikes from other processes better than the totals.
  return [total / (Number(ta) / 1e9), total / (Number(tb) / 1e9), ratios[Math.floor(slices / 2)]!];
}

export async function runEngineBench(
  options: { runs?: number; catalog?: Pick<Catalog<AnyNodeType>, 'get'> } = {},
): Promise<EngineBenchResult> {
  const runs = options.runs ?? 20_000;
  const catalog = options.catalog ?? createCatalog<AnyNodeType>([manual, transformSet, transformMap]);
  const compiled = compileFlow(benchFlow(), catalog);
  const trigger = { kind: 'manual' as const, data: TRIGGER };
  let n = 0;
  const ids = () => `run-${++n}`;
  const check = await runFlow(compiled, { catalog, trigger, ids });
  if (check.status !== 'succeeded') throw new Error(`bench flow failed: ${JSON.stringify(check.error)}`);
  const hand = handWritten();
  const expected = JSON.stringify(await hand(TRIGGER));
  if (JSON.stringify(check.output) !== expected) {
    throw new Error(`engine and hand-written results differ: ${JSON.stringify(check.output)} vs ${expected}`);
  }
  const [handRunsPerSec, engineRunsPerSec, ratio] = await timeBoth(
    runs,
    () => hand(TRIGGER),
    () => runFlow(compiled, { catalog, trigger, ids }),
  );
  return { runs, engineRunsPerSec, handRunsPerSec, ratio };
}
