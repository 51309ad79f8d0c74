/**
 * SCIM benchmark: create N users through a flow (trigger.manual → control.forEach, concurrency 10, helper flow
 * trigger.call → scim.createUser) vs a hand-written loop of ScimClient.users.create with concurrency 10, each
 * against its own fresh in-memory scim-sandbox on 127.0.0.1. Target: the flow reaches ≥ 0.83 of the loop.
 * Run: `npx tsx test/bench/scim/scim.bench.ts [--users 1000] [--rounds 3]`. Suite runners call `runScimBench({ users })`.
 */
import { type RunningSandbox, startSandbox } from '../../../apps/scim-sandbox/src/index';
import {
  type AnyNodeType,
  type Catalog,
  compileFlow,
  type Flow,
  FlowSchema,
  type ResolvedConnection,
  runFlow,
} from '../../../packages/engine/src/index';
import { createBuiltinCatalog } from '../../../packages/nodes/src/index';
import { ScimClient, type ScimUser } from '../../../packages/scim/src/index';

export interface ScimBenchResult {
  users: number;
  concurrency: number;
  flowUsersPerSec: number;
  loopUsersPerSec: number;
  /** flow / loop. */
  ratio: number;
  flowMs: number;
  loopMs: number;
  /**
   * CPU milliseconds per user in this process (client, engine and sandbox share it), best round. Steadier than
   * users/s on a busy machine; the flow's extra CPU per user is the engine's overhead.
   */
  flowCpuMsPerUser: number;
  loopCpuMsPerUser: number;
  /** Fewest expected userNames found in a sandbox after a round (should equal `users`). */
  flowCreated: number;
  loopCreated: number;
}

const TOKEN = 'bench-sandbox-token-0123456789';
const CONCURRENCY = 10;
const HELPER_ID = 'bench-create-user';

/** A generated item, already in scim.createUser's flat `user` shape (as an HR-feed transform would give). */
interface Item {
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  emails: Array<{ value: string; type: string; primary: boolean }>;
  active: boolean;
}

function items(prefix: string, n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    userName: `${prefix}-${i}@bench.example.com`,
    givenName: `Given${i}`,
    familyName: `Family${i}`,
    displayName: `Given${i} Family${i}`,
    emails: [{ value: `${prefix}-${i}@bench.example.com`, type: 'work', primary: true }],
    active: true,
  }));
}

/** The same SCIM resource scim.createUser sends for an item, for the hand-written loop. */
function toUser(item: Item): ScimUser {
  return {
    userName: item.userName,
    displayName: item.displayName,
    name: { givenName: item.givenName, familyName: item.familyName },
    emails: item.emails,
    active: item.active,
  };
}

const mainFlow: Flow = FlowSchema.parse({
  schemaVersion: 1,
  id: 'bench-create-users',
  name: 'Bench: create users',
  nodes: [
    { id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 }, config: {} },
    {
      id: 'each',
      type: 'control.forEach',
      position: { x: 200, y: 0 },
      config: {
        items: '=trigger.items',
        flow: HELPER_ID,
        concurrency: CONCURRENCY,
        onItemError: 'continue',
        collectResults: false,
      },
    },
  ],
  edges: [{ from: 'start', to: 'each' }],
});

const helperFlow: Flow = FlowSchema.parse({
  schemaVersion: 1,
  id: HELPER_ID,
  name: 'Bench: create one user',
  nodes: [
    { id: 'called', type: 'trigger.call', position: { x: 0, y: 0 }, config: {} },
    {
      id: 'create',
      type: 'scim.createUser',
      position: { x: 200, y: 0 },
      config: {
        connection: 'sandbox',
        user: '=item',
      },
    },
  ],
  edges: [{ from: 'called', to: 'create' }],
});

/** Wall-clock and CPU time (this process: engine, client and sandbox together) of one half. */
interface Timing {
  ms: number;
  cpuMs: number;
}

function elapsed(started: number, cpu: NodeJS.CpuUsage): Timing {
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

function connectionFor(sandbox: RunningSandbox): ResolvedConnection {
  return {
    name: 'sandbox',
    kind: 'scim',
    baseUrl: sandbox.url,
    auth: { type: 'bearer', token: TOKEN },
    options: {},
    // A fresh revision per sandbox, so the nodes' client cache never points at a closed server.
    revision: sandbox.url,
  };
}

async function runThroughFlow(
  catalog: Catalog<AnyNodeType>,
  sandbox: RunningSandbox,
  list: Item[],
): Promise<Timing> {
  const connection = connectionFor(sandbox);
  const compiledMain = compileFlow(mainFlow, catalog);
  const compiledHelper = compileFlow(helperFlow, catalog);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const record = await runFlow(compiledMain, {
    catalog,
    trigger: { kind: 'manual', data: { items: list } },
    connections: { get: async () => connection },
    resolveFlow: async (id) => {
      if (id !== HELPER_ID) throw new Error(`unknown helper flow ${id}`);
      return compiledHelper;
    },
  });
  const timing = elapsed(started, cpu);
  const out = record.steps.find((s) => s.nodeId === 'each')?.output as
    | { succeeded?: number; failed?: number; errors?: Array<{ message?: string }> }
    | undefined;
  if (record.status !== 'succeeded' || out?.failed !== 0 || out?.succeeded !== list.length) {
    const first = out?.errors?.[0]?.message ?? record.error?.message;
    throw new Error(`flow run ${record.status}: ${out?.succeeded}/${list.length} succeeded; ${first ?? ''}`);
  }
  return timing;
}

async function runThroughLoop(sandbox: RunningSandbox, list: Item[]): Promise<Timing> {
  const client = new ScimClient({ baseUrl: sandbox.url, auth: { type: 'bearer', token: TOKEN } });
  await client.capabilities(); // discovery, as the flow's cached client has done by the timed run
  const started = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const item = list[next++]!;
      await client.users.create(toUser(item));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return elapsed(started, cpu);
}

function countCreated(sandbox: RunningSandbox, list: Item[]): number {
  const names = new Set(sandbox.store.listUsers().map((u) => String(u.userName)));
  return list.filter((i) => names.has(i.userName)).length;
}

const freshSandbox = () => startSandbox({ token: TOKEN, port: 0, seed: { users: [], groups: [] } });

/** One timed round: each half on its own fresh sandbox, in the given order. */
async function round(catalog: Catalog<AnyNodeType>, users: number, tag: string, flowFirst: boolean) {
  const flowSandbox = await freshSandbox();
  const loopSandbox = await freshSandbox();
  try {
    const flowItems = items(`flow${tag}`, users);
    const loopItems = items(`loop${tag}`, users);
    let flow: Timing | undefined;
    if (flowFirst) flow = await runThroughFlow(catalog, flowSandbox, flowItems);
    const loop = await runThroughLoop(loopSandbox, loopItems);
    flow ??= await runThroughFlow(catalog, flowSandbox, flowItems);
    return {
      flow,
      loop,
      flowCreated: countCreated(flowSandbox, flowItems),
      loopCreated: countCreated(loopSandbox, loopItems),
    };
  } finally {
    await flowSandbox.close();
    await loopSandbox.close();
  }
}

/**
 * Warms up, then runs `rounds` rounds (alternating which half goes first, fresh sandboxes each round) and
 * reports the best round of each half, which damps noise from other work on the machine.
 */
export async function runScimBench({
  users = 1000,
  rounds = 3,
}: {
  users?: number;
  rounds?: number;
} = {}): Promise<ScimBenchResult> {
  const catalog = createBuiltinCatalog();
  // Warm-up, both halves equally and at full size (up to 1,000): JIT (a short warm-up favours the half with less
  // code to optimise), JSONata compilation, HTTP keep-alive.
  await round(catalog, Math.min(1000, users), '-warm', true);
  let flowMs = Number.POSITIVE_INFINITY;
  let loopMs = Number.POSITIVE_INFINITY;
  let flowCpuMs = Number.POSITIVE_INFINITY;
  let loopCpuMs = Number.POSITIVE_INFINITY;
  let flowCreated = users;
  let loopCreated = users;
  for (let r = 0; r < Math.max(1, rounds); r++) {
    const res = await round(catalog, users, `-r${r}`, r % 2 === 1);
    flowMs = Math.min(flowMs, res.flow.ms);
    loopMs = Math.min(loopMs, res.loop.ms);
    flowCpuMs = Math.min(flowCpuMs, res.flow.cpuMs);
    loopCpuMs = Math.min(loopCpuMs, res.loop.cpuMs);
    flowCreated = Math.min(flowCreated, res.flowCreated);
    loopCreated = Math.min(loopCreated, res.loopCreated);
  }
  const flowUsersPerSec = (users / flowMs) * 1000;
  const loopUsersPerSec = (users / loopMs) * 1000;
  return {
    users,
    concurrency: CONCURRENCY,
    flowUsersPerSec,
    loopUsersPerSec,
    ratio: flowUsersPerSec / loopUsersPerSec,
    flowMs,
    loopMs,
    flowCpuMsPerUser: flowCpuMs / users,
    loopCpuMsPerUser: loopCpuMs / users,
    flowCreated,
    loopCreated,
  };
}

const isMain =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*[\\/]/, ''));
if (isMain) {
  const i = process.argv.indexOf('--users');
  const users = i > 0 ? Number(process.argv[i + 1]) : 1000;
  const j = process.argv.indexOf('--rounds');
  const rounds = j > 0 ? Number(process.argv[j + 1]) : 3;
  const r = await runScimBench({ users, rounds });
  console.log(`users: ${r.users} (concurrency ${r.concurrency}, best of ${rounds} rounds)`);
  console.log(
    `hand-written loop: ${Math.round(r.loopUsersPerSec)} users/s (${Math.round(r.loopMs)} ms, ${r.loopCreated} created)`,
  );
  console.log(
    `flow (forEach):    ${Math.round(r.flowUsersPerSec)} users/s (${Math.round(r.flowMs)} ms, ${r.flowCreated} created)`,
  );
  console.log(`ratio:             ${r.ratio.toFixed(2)} of the loop (target >= 0.83)`);
  console.log(
    `CPU per user:      loop ${r.loopCpuMsPerUser.toFixed(3)} ms, flow ${r.flowCpuMsPerUser.toFixed(3)} ms (loop/flow ${(r.loopCpuMsPerUser / r.flowCpuMsPerUser).toFixed(2)})`,
  );
}
