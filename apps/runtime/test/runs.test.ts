import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  type Gate,
  httpGet,
  linearFlow,
  manual,
  setNode,
  startEchoServer,
  startTestRuntime,
  type TestRuntime,
  webhook,
} from './helpers';

let rt: TestRuntime;
let gate: Gate;
beforeAll(async () => {
  rt = await startTestRuntime({ maxConcurrentRuns: 1, maxRunsPerFlow: 1, maxQueueDepth: 2 });
  await rt.api('POST', '/api/v1/flows', linearFlow('quick', manual(), setNode('a', { n: '=trigger.n' })));
});
afterAll(async () => {
  await rt.stop();
});
afterEach(async () => {
  await gate?.close();
});

/** Reads SSE messages until `until` says stop. */
async function collectEvents(query: string, until: (types: string[]) => boolean, start: () => Promise<void>) {
  const controller = new AbortController();
  const res = await fetch(`${rt.url}/api/v1/events?${query}`, {
    headers: { authorization: `Bearer ${(await import('./helpers')).ADMIN_TOKEN}` },
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ type: string; nodeId?: string; seq: number }> = [];
  let buffer = '';
  await start();
  while (!until(events.map((e) => e.type))) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let i = buffer.indexOf('\n\n');
    while (i >= 0) {
      const block = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const data = block.split('\n').find((l) => l.startsWith('data: '));
      if (data) events.push(JSON.parse(data.slice(6)));
      i = buffer.indexOf('\n\n');
    }
  }
  controller.abort();
  return events;
}

describe('runs', () => {
  it('streams run and step events in order over SSE', async () => {
    await rt.api(
      'POST',
      '/api/v1/flows',
      linearFlow('streamed', manual(), setNode('a', { x: 1 }), setNode('b', { y: 2 })),
    );
    const events = await collectEvents(
      'flowId=streamed',
      (types) => types.includes('run.finished'),
      async () => {
        expect((await rt.api('POST', '/api/v1/flows/streamed/runs', {})).status).toBe(202);
      },
    );
    expect(events.map((e) => `${e.type}${e.nodeId ? `:${e.nodeId}` : ''}`)).toEqual([
      'run.queued',
      'run.started',
      'step.started:start',
      'step.finished:start',
      'step.started:a',
      'step.finished:a',
      'step.started:b',
      'step.finished:b',
      'run.finished',
    ]);
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
  });

  it('queues runs beyond the concurrency limit, cancels a queued one, and answers 429 with Retry-After when full', async () => {
    gate = await startEchoServer(true);
    await rt.api('POST', '/api/v1/flows', linearFlow('slow', manual(), httpGet('call', gate.url)));
    await rt.api(
      'POST',
      '/api/v1/flows',
      linearFlow('slow-hook', webhook({ path: 'slow-hook', respond: 'accepted' }), httpGet('call', gate.url)),
    );
    await rt.api('POST', '/api/v1/flows/slow-hook/enable');
    const { secret } = (await rt.api('POST', '/api/v1/flows/slow-hook/webhook/secret', {})).json;
    const running = (await rt.api('POST', '/api/v1/flows/slow/runs', {})).json.runId;
    await eventually(async () => gate.seen.length === 1);
    const q1 = (await rt.api('POST', '/api/v1/flows/slow/runs', {})).json.runId;
    const q2 = (await rt.api('POST', '/api/v1/flows/slow/runs', {})).json.runId;
    expect(rt.runtime.context.queue.depth()).toBe(2);
    const hook = await fetch(`${rt.url}/hooks/slow-hook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(hook.status).toBe(429);
    expect(Number(hook.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await rt.api('POST', '/api/v1/flows/slow/runs', {})).status).toBe(429);
    expect((await rt.api('POST', `/api/v1/runs/${q2}/cancel`)).json).toEqual({ status: 'cancelled' });
    expect((await rt.api('GET', `/api/v1/runs/${q2}`)).json.run.status).toBe('cancelled');
    gate.release();
    const done = await rt.runtime.context.runs.wait(q1, 10_000);
    expect(done?.status).toBe('succeeded');
    expect((await rt.api('GET', `/api/v1/runs/${running}`)).json.run.status).toBe('succeeded');
  });

  it('gives an Idempotency-Key back when the webhook answered 429, so a retry starts a real run', async () => {
    gate = await startEchoServer(true);
    await rt.api(
      'POST',
      '/api/v1/flows',
      linearFlow(
        'keyed-hook',
        webhook({ path: 'keyed-hook', respond: 'accepted' }),
        httpGet('call', gate.url),
      ),
    );
    await rt.api('POST', '/api/v1/flows/keyed-hook/enable');
    const { secret } = (await rt.api('POST', '/api/v1/flows/keyed-hook/webhook/secret', {})).json;
    const send = (key: string) =>
      fetch(`${rt.url}/hooks/keyed-hook`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'idempotency-key': key },
      });
    const running = (await (await send('busy')).json()).runId;
    await eventually(async () => gate.seen.length === 1);
    // The backlog holds 2: concurrent keyed requests all pass the early depth check and claim their keys; most
    // of them then meet the full queue in create (429).
    const keys = Array.from({ length: 8 }, (_, i) => `burst-${i}`);
    const answers = await Promise.all(keys.map(async (k) => ({ key: k, status: (await send(k)).status })));
    const refused = answers.filter((a) => a.status === 429).map((a) => a.key);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(keys.length - refused.length);
    gate.release();
    await rt.runtime.context.runs.wait(running, 10_000);
    await eventually(async () => rt.runtime.context.queue.depth() === 0);
    for (const key of refused) {
      const retry = await send(key);
      expect(retry.status).toBe(202);
      const { runId, duplicate } = await retry.json();
      expect(duplicate).toBeUndefined();
      expect((await rt.runtime.context.runs.wait(runId, 10_000))?.status).toBe('succeeded');
    }
  });

  it('cancels a running run', async () => {
    gate = await startEchoServer(true);
    await rt.api('POST', '/api/v1/flows', linearFlow('cancel-me', manual(), httpGet('call', gate.url)));
    const { runId } = (await rt.api('POST', '/api/v1/flows/cancel-me/runs', {})).json;
    await eventually(async () => gate.seen.length === 1);
    expect((await rt.api('POST', `/api/v1/runs/${runId}/cancel`)).json.status).toBe('running');
    const run = await rt.runtime.context.runs.wait(runId, 10_000);
    expect(run?.status).toBe('cancelled');
  });

  it('dry runs and waits; filters runs by status and text; reruns the same and latest version', async () => {
    const dry = await rt.api('POST', '/api/v1/flows/quick/runs', { input: { n: 'needle-42' }, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json.run.dryRun).toBe(true);
    const found = await rt.api('GET', '/api/v1/runs?flowId=quick&q=needle-42&status=succeeded');
    expect(found.json.items.map((r: { id: string }) => r.id)).toEqual([dry.json.run.id]);
    const bad = await rt.api('GET', '/api/v1/runs?status=exploded&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['query.limit']),
    );
    const current = (await rt.api('GET', '/api/v1/flows/quick')).json;
    await rt.api(
      'PUT',
      '/api/v1/flows/quick',
      {
        ...current.flow,
        nodes: current.flow.nodes.map((n: { id: string; config: object }) =>
          n.id === 'a' ? { ...n, config: { fields: { n: '=trigger.n', v: 2 } } } : n,
        ),
      },
      { 'if-match': `"${current.version}"` },
    );
    const same = (await rt.api('POST', `/api/v1/runs/${dry.json.run.id}/rerun`, { mode: 'sameVersion' })).json
      .runId;
    const latest = (await rt.api('POST', `/api/v1/runs/${dry.json.run.id}/rerun`, { mode: 'latestVersion' }))
      .json.runId;
    const sameRun = await rt.runtime.context.runs.wait(same, 10_000);
    const latestRun = await rt.runtime.context.runs.wait(latest, 10_000);
    expect(sameRun?.rerunOf).toBe(dry.json.run.id);
    expect(sameRun?.flowHash).toBe(dry.json.run.flowHash);
    expect(sameRun?.output).toEqual({ n: 'needle-42' });
    expect(latestRun?.output).toEqual({ n: 'needle-42', v: 2 });
    const noFail = await rt.api('POST', `/api/v1/runs/${dry.json.run.id}/rerun`, { mode: 'fromFailedStep' });
    expect(noFail.status).toBe(409);
  });

  it('reruns from the failed step, reusing earlier outputs', async () => {
    gate = await startEchoServer();
    const flow = linearFlow(
      'flaky',
      manual(),
      setNode('first', { at: '=$now()' }),
      httpGet('call', `${gate.url}/x`),
      setNode('last', { ok: true }),
    );
    await rt.api('POST', '/api/v1/flows', flow);
    await gate.close();
    const failed = (await rt.api('POST', '/api/v1/flows/flaky/runs', { wait: true })).json.run;
    expect(failed.status).toBe('failed');
    // The rerun uses the failed run's flow version (its URL still points at the closed server): it fails at the same
    // step again, but the steps before it are reused, not run.
    const { runId } = (await rt.api('POST', `/api/v1/runs/${failed.id}/rerun`, { mode: 'fromFailedStep' }))
      .json;
    const rerun = await rt.runtime.context.runs.wait(runId, 10_000);
    const first = rerun?.steps.find((s) => s.nodeId === 'first');
    expect(first?.reused).toBe(true);
    expect(first?.output).toEqual(failed.steps.find((s: { nodeId: string }) => s.nodeId === 'first').output);
    expect(rerun?.steps.find((s) => s.nodeId === 'call')?.status).toBe('failed');
  });
});
