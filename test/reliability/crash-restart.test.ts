/** SIGKILL with 200 webhook runs in flight or queued: after restart every 202 has exactly one run, none twice. */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DelayServer, startDelayServer } from '../support/delay-server';
import {
  adminApi,
  allRuns,
  bigAgent,
  chainFlow,
  httpCall,
  type RuntimeChild,
  spawnRuntime,
  tempDir,
  waitFor,
} from '../support/runtime-process';

const N = 200;
let slow: DelayServer;
let dir = '';
let child: RuntimeChild | undefined;

beforeAll(async () => {
  slow = await startDelayServer(150);
  dir = await tempDir();
});
afterAll(async () => {
  await child?.kill('SIGKILL');
  await slow?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('runtime killed with SIGKILL under webhook load', () => {
  it('keeps every accepted webhook as exactly one run across the crash', async () => {
    child = await spawnRuntime({
      dir,
      env: { IDFLOW_MAX_CONCURRENT_RUNS: '8', IDFLOW_MAX_RUNS_PER_FLOW: '4' },
    });
    const api = adminApi(child.url);
    const flow = chainFlow(
      'crashy',
      { id: 'hook', type: 'trigger.webhook', config: { path: 'crashy', respond: 'accepted' } },
      { id: 'slow', type: 'http.request', config: { method: 'POST', url: slow.url, body: '=trigger.body' } },
      { id: 'done', type: 'transform.set', config: { fields: { n: '=trigger.body.n' } } },
    );
    expect((await api('POST', '/api/v1/flows', flow)).status).toBe(201);
    expect((await api('POST', '/api/v1/flows/crashy/enable')).status).toBe(200);
    const secret = (await api('POST', '/api/v1/flows/crashy/webhook/secret', {})).json.secret as string;

    const url = child.url;
    const outcomes = new Map<number, { status: number; runId?: string } | { error: string }>();
    let answered = 0;
    let killed: Promise<unknown> | undefined;
    const fire = (n: number) =>
      httpCall(`${url}/hooks/crashy`, {
        method: 'POST',
        agent: bigAgent,
        timeoutMs: 30_000,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ n }),
      }).then(
        (res) => {
          outcomes.set(n, { status: res.status, runId: res.json?.runId });
          answered++;
          // Kill once most webhooks were answered: the rest are in flight, most runs are still queued.
          if (answered === Math.floor(N * 0.8)) killed = child!.kill('SIGKILL');
        },
        (err: Error) => outcomes.set(n, { error: err.message }),
      );
    await Promise.all(Array.from({ length: N }, (_, n) => fire(n)));
    await killed;
    const first = child;

    const accepted = [...outcomes.entries()].filter(([, o]) => 'status' in o && o.status === 202) as Array<
      [number, { status: number; runId: string }]
    >;
    const refused = [...outcomes.values()].filter((o) => 'status' in o && o.status !== 202);
    const dropped = [...outcomes.values()].filter((o) => 'error' in o).length;
    console.log(
      `[crash] fired ${N}: 202=${accepted.length} other=${refused.length} dropped-by-kill=${dropped}; upstream calls before kill=${slow.seen.length}`,
    );
    expect(refused).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(Math.floor(N * 0.8));
    expect(first.stdout()).toContain('idflow runtime listening');

    // Restart on the same data dir: the files load and the queued runs resume.
    child = await spawnRuntime({ dir });
    const runs = await waitFor(
      async () => {
        const items = await allRuns(child!.url, 'crashy');
        return items.every((r) => ['succeeded', 'failed', 'interrupted', 'cancelled'].includes(r.status)) &&
          items.length >= accepted.length
          ? items
          : undefined;
      },
      90_000,
      'every run final after restart',
    );
    const byStatus: Record<string, number> = {};
    for (const r of runs) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    console.log(`[crash] after restart: ${runs.length} runs ${JSON.stringify(byStatus)}`);

    // None twice: run ids unique, and each event number appears in at most one run.
    const ids = runs.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const full = await Promise.all(
      runs.map(async (r) => (await adminApi(child!.url)('GET', `/api/v1/runs/${r.id}`)).json.run),
    );
    const perEvent = new Map<number, string[]>();
    for (const run of full) {
      const n = run.trigger?.data?.body?.n as number;
      perEvent.set(n, [...(perEvent.get(n) ?? []), run.id]);
    }
    for (const [n, list] of perEvent) expect(list, `event ${n}`).toHaveLength(1);
    // Every 202 has its run, with the id it was given.
    for (const [n, o] of accepted) expect(perEvent.get(n), `accepted event ${n}`).toEqual([o.runId]);
    // Nothing ends as failed: the only outcomes are succeeded (finished or resumed) and interrupted.
    for (const status of Object.keys(byStatus)) expect(['succeeded', 'interrupted']).toContain(status);
    expect(byStatus.interrupted ?? 0).toBeLessThanOrEqual(4); // at most IDFLOW_MAX_RUNS_PER_FLOW were running
    // Runs that were running at the kill are interrupted, not re-run (the upstream saw at most one call per event).
    const calls = new Map<number, number>();
    for (const s of slow.seen) {
      const n = (JSON.parse(s.body) as { n: number }).n;
      calls.set(n, (calls.get(n) ?? 0) + 1);
    }
    const twice = [...calls.entries()].filter(([, c]) => c > 1);
    console.log(`[crash] upstream events called more than once: ${twice.length}`);
    expect(twice).toEqual([]);
  }, 180_000);
});
