import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCatalog } from '../model/catalog';
import { defineNodeType } from '../node-type';
import type { RunEvent } from '../run-types';
import { InstantClock, makeFlow, testCatalogTypes } from '../testing/test-kit';
import { runFlow } from './run-flow';

const catalog = createCatalog(testCatalogTypes());
const start = { id: 'start', type: 'trigger.manual' };
const trigger = { kind: 'manual' as const, data: { name: 'Ada' } };
const statusOf = (steps: { nodeId: string; status: string }[]) =>
  Object.fromEntries(steps.map((s) => [s.nodeId, s.status]));

describe('runFlow', () => {
  it('joins after a branch: the join sees both outputs, skipped branch does not block it', async () => {
    const flow = makeFlow(
      [
        start,
        { id: 'pick', config: { value: 1, port: 'a' } },
        { id: 'left', config: { value: '="L:" & trigger.name' } },
        { id: 'right', config: { value: 'R' } },
        { id: 'both', config: { value: 'both' } },
        { id: 'join', config: { value: '=[steps.left, steps.both]' } },
      ],
      [
        'start->pick',
        'pick:a->left',
        'pick:b->right',
        'start->both',
        'left->join',
        'right->join',
        'both->join',
      ],
    );
    const record = await runFlow(flow, { catalog, trigger, clock: new InstantClock() });
    expect(record.status).toBe('succeeded');
    expect(statusOf(record.steps)).toEqual({
      start: 'succeeded',
      pick: 'succeeded',
      left: 'succeeded',
      right: 'skipped',
      both: 'succeeded',
      join: 'succeeded',
    });
    expect(record.steps.find((s) => s.nodeId === 'join')!.output).toEqual(['L:Ada', 'both']);
    expect(record.output).toEqual(['L:Ada', 'both']);
  });

  it('propagates skips through nodes whose inputs are all dead', async () => {
    const flow = makeFlow(
      [start, { id: 'gate', config: { port: 'b' } }, { id: 'x' }, { id: 'y' }, { id: 'z' }],
      ['start->gate', 'gate:a->x', 'x->y', 'y->z'],
    );
    const record = await runFlow(flow, { catalog, trigger });
    expect(statusOf(record.steps)).toMatchObject({ x: 'skipped', y: 'skipped', z: 'skipped' });
    expect(record.status).toBe('succeeded');
  });

  it('never runs more nodes at once than the concurrency limit', async () => {
    let now = 0;
    let peak = 0;
    const slow = defineNodeType(
      {
        type: 'test.slow',
        title: 's',
        category: 'transform',
        description: '',
        hasInput: true,
        output: {},
        config: z.object({}),
        outputs: [{ id: 'out' }],
      },
      {
        run: async () => {
          now++;
          peak = Math.max(peak, now);
          await new Promise((r) => setTimeout(r, 5));
          now--;
          return { output: null };
        },
      },
    );
    const cat = createCatalog([...testCatalogTypes(), slow]);
    const ids = Array.from({ length: 8 }, (_, i) => `s${i}`);
    const flow = makeFlow(
      [start, ...ids.map((id) => ({ id, type: 'test.slow' }))],
      ids.map((id) => `start->${id}`),
    );
    await runFlow(flow, { catalog: cat, trigger, limits: { concurrency: 3 } });
    expect(peak).toBe(3);
    peak = 0;
    await runFlow(flow, { catalog: cat, trigger, limits: { concurrency: 1 } });
    expect(peak).toBe(1);
  });

  it('takes the error port and continues; without one the run fails and the rest is skipped', async () => {
    const handled = makeFlow(
      [
        start,
        { id: 'bad', type: 'test.fail', errorPort: true },
        { id: 'oops', config: { value: '=steps.bad.error.code' } },
        { id: 'next' },
      ],
      ['start->bad', 'bad:error->oops', 'bad->next'],
    );
    const ok = await runFlow(handled, { catalog, trigger });
    expect(ok.status).toBe('succeeded');
    expect(statusOf(ok.steps)).toMatchObject({ bad: 'failed', oops: 'succeeded', next: 'skipped' });
    expect(ok.steps.find((s) => s.nodeId === 'oops')!.output).toBe('NODE_FAILED');

    const unhandled = makeFlow(
      [start, { id: 'bad', type: 'test.fail' }, { id: 'next' }],
      ['start->bad', 'bad->next'],
    );
    const failed = await runFlow(unhandled, { catalog, trigger });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({
      code: 'NODE_FAILED',
      nodeId: 'bad',
      message: expect.stringMatching(/^failure/),
    });
    expect(statusOf(failed.steps)).toMatchObject({ bad: 'failed', next: 'skipped' });
  });

  it('records ids, hash, times, events and the response of a respond node', async () => {
    const respond = defineNodeType(
      {
        type: 'test.respond',
        title: 'r',
        category: 'flow',
        description: '',
        hasInput: true,
        output: {},
        config: z.object({}),
        outputs: [{ id: 'out' }],
      },
      {
        run: async (ctx) => ({
          output: 'sent',
          response: { status: 201, headers: {}, body: { hi: ctx.scope.trigger } },
        }),
      },
    );
    const cat = createCatalog([...testCatalogTypes(), respond]);
    const events: RunEvent[] = [];
    let n = 0;
    const record = await runFlow(makeFlow([start, { id: 'r', type: 'test.respond' }], ['start->r']), {
      catalog: cat,
      trigger,
      ids: () => `id-${++n}`,
      clock: new InstantClock(),
      onEvent: (e) => events.push(e),
    });
    expect(record).toMatchObject({
      id: 'id-1',
      flowId: 'test-flow',
      status: 'succeeded',
      startedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(record.flowHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.response).toEqual({ status: 201, headers: {}, body: { hi: { name: 'Ada' } } });
    expect(record.output).toEqual({ hi: { name: 'Ada' } });
    expect(events.map((e) => e.type)).toEqual([
      'run.started',
      'step.started',
      'step.finished',
      'step.started',
      'step.finished',
      'run.finished',
    ]);
  });

  it('returns a failed record for an invalid flow', async () => {
    const record = await runFlow(makeFlow([{ id: 'a' }], []), { catalog, trigger });
    expect(record.status).toBe('failed');
    expect(record.error?.code).toBe('CONFIG_INVALID');
  });

  it('an output that holds the context (=steps, =$$) is kept as a snapshot, so steps never becomes circular', async () => {
    const serialize = defineNodeType(
      {
        category: 'transform',
        description: 'test',
        hasInput: true,
        output: {},
        type: 'test.serialize',
        title: 'Serialize',
        config: z.object({}),
        outputs: [{ id: 'out' }],
      },
      { run: async (ctx) => ({ output: JSON.parse(JSON.stringify(ctx.scope.steps)) }) },
    );
    const cat = createCatalog([...testCatalogTypes(), serialize]);
    const flow = makeFlow(
      [
        start,
        { id: 'a', config: { value: { n: 1 } } },
        { id: 'm', config: { value: '=steps' } },
        { id: 'root', config: { value: { all: '=$$' } } },
        { id: 'str', config: { value: '=$string(steps)' } },
        { id: 'ser', type: 'test.serialize' },
      ],
      ['start->a', 'a->m', 'm->root', 'root->str', 'str->ser'],
    );
    const record = await runFlow(flow, { catalog: cat, trigger, clock: new InstantClock() });
    expect(record.error).toBeUndefined();
    expect(record.status).toBe('succeeded');
    const out = (id: string) => record.steps.find((s) => s.nodeId === id)?.output;
    expect(out('m')).toEqual({ start: { name: 'Ada' }, a: { n: 1 } });
    expect(out('root')).toMatchObject({ all: { trigger: { name: 'Ada' }, steps: { m: out('m') } } });
    expect(JSON.parse(out('str') as string)).toMatchObject({ m: out('m'), root: out('root') });
    expect(out('ser')).toMatchObject({ a: { n: 1 }, m: out('m'), root: out('root') });
  });

  it('a plain output stays the same object in the context (no copy on the common path)', async () => {
    const shared = { n: 1 };
    const seen: unknown[] = [];
    const probe = defineNodeType(
      {
        category: 'transform',
        description: 'test',
        hasInput: true,
        output: {},
        type: 'test.probe',
        title: 'Probe',
        config: z.object({}),
        outputs: [{ id: 'out' }],
      },
      {
        run: async (ctx) => {
          seen.push(ctx.scope.steps.p);
          return { output: ctx.node.id === 'p' ? shared : null };
        },
      },
    );
    const cat = createCatalog([...testCatalogTypes(), probe]);
    const flow = makeFlow(
      [start, { id: 'p', type: 'test.probe' }, { id: 'q', type: 'test.probe' }],
      ['start->p', 'p->q'],
    );
    await runFlow(flow, { catalog: cat, trigger, clock: new InstantClock() });
    expect(seen[1]).toBe(shared);
  });
});
