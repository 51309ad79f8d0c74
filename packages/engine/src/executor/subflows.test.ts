import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NodeError } from '../errors';
import { createCatalog } from '../model/catalog';
import type { Flow } from '../model/flow-schema';
import { defineNodeType } from '../node-type';
import type { RunRecord } from '../run-types';
import { makeFlow, testCatalogTypes } from '../testing/test-kit';
import { runFlow } from './run-flow';

/** A tiny forEach: one child run per item, collecting outputs. */
const forEach = defineNodeType(
  {
    type: 'test.forEach',
    title: 'f',
    category: 'control',
    description: '',
    hasInput: true,
    output: {},
    config: z.object({ flowId: z.string(), items: z.array(z.unknown()) }),
    outputs: [{ id: 'out' }],
  },
  {
    run: async (ctx) => {
      const records = await Promise.all(
        ctx.config.items.map((item, index) => ctx.subflows.run(ctx.config.flowId, { item }, { item, index })),
      );
      const failed = records.find((r) => r.status !== 'succeeded');
      if (failed) throw new Error(`child failed: ${failed.error?.message}`);
      return { output: { results: records.map((r) => r.output) } };
    },
  },
);

const catalog = createCatalog([...testCatalogTypes(), forEach]);
const trigger = { kind: 'manual' as const, data: {} };
const helper = makeFlow(
  [
    { id: 'in', type: 'trigger.call' },
    { id: 'double', config: { value: '=item * 2 + index' } },
  ],
  ['in->double'],
  { id: 'helper' },
);
const parent = makeFlow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'each', type: 'test.forEach', config: { flowId: 'helper', items: [1, 2, 3] } },
  ],
  ['start->each'],
);

describe('helper flows', () => {
  it('runs child runs, records them apart and keeps their ids on the parent step', async () => {
    const children: RunRecord[] = [];
    const record = await runFlow(parent, {
      catalog,
      trigger,
      resolveFlow: async (id) => (id === 'helper' ? helper : (undefined as unknown as Flow)),
      onChildRun: (r) => {
        children.push(r);
      },
    });
    expect(record.status).toBe('succeeded');
    expect(record.output).toEqual({ results: [2, 5, 8] });
    expect(children).toHaveLength(3);
    expect(children.every((c) => c.parentRunId === record.id && c.trigger.kind === 'call')).toBe(true);
    const step = record.steps.find((s) => s.nodeId === 'each')!;
    expect(new Set(step.childRunIds)).toEqual(new Set(children.map((c) => c.id)));
  });

  it('stops helper flows that nest deeper than the limit', async () => {
    const selfCalling = makeFlow(
      [
        { id: 'in', type: 'trigger.call' },
        { id: 'again', type: 'test.forEach', config: { flowId: 'loop', items: [1] } },
      ],
      ['in->again'],
      { id: 'loop' },
    );
    const record = await runFlow(selfCalling, {
      catalog,
      trigger,
      resolveFlow: async () => selfCalling,
      limits: { maxSubflowDepth: 3 },
    });
    expect(record.status).toBe('failed');
    expect(JSON.stringify(record.error)).toMatch(/nest deeper than 3/);
  });

  it('reports an unknown helper flow as FLOW_NOT_FOUND', async () => {
    const record = await runFlow(parent, {
      catalog,
      trigger,
      resolveFlow: async () => undefined as unknown as Flow,
    });
    expect(JSON.stringify(record.error)).toMatch(/helper/);
  });

  // Sequential helpers share their parent's signal (no AbortController per item); branching ones have their own.
  // Either way a child stopped by its parent records its own reason, not the parent's.
  it.each([
    ['sequential', ['in->hold']],
    ['branching', ['in->hold', 'in->side']],
  ])('a stopping parent cancels %s child runs in flight with their own reason', async (_kind, edges) => {
    let started = 0;
    let release!: () => void;
    const bothHeld = new Promise<void>((resolve) => {
      release = resolve;
    });
    const base = { category: 'control' as const, description: '', hasInput: true, output: {} };
    const hold = defineNodeType(
      { ...base, type: 'test.hold', title: 'h', config: z.object({}), outputs: [{ id: 'out' }] },
      {
        run: (ctx) =>
          new Promise((_, reject) => {
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
            if (++started === 2) release();
          }),
      },
    );
    const boom = defineNodeType(
      { ...base, type: 'test.boom', title: 'b', config: z.object({}), outputs: [{ id: 'out' }] },
      {
        run: async () => {
          await bothHeld;
          throw new NodeError('NODE_FAILED', 'boom');
        },
      },
    );
    const cat = createCatalog([...testCatalogTypes(), forEach, hold, boom]);
    const helperFlow = makeFlow(
      [{ id: 'in', type: 'trigger.call' }, { id: 'hold', type: 'test.hold' }, { id: 'side' }],
      edges,
      { id: 'held' },
    );
    const main = makeFlow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'each', type: 'test.forEach', config: { flowId: 'held', items: [1, 2] } },
        { id: 'boom', type: 'test.boom' },
      ],
      ['start->each', 'start->boom'],
    );
    const children: RunRecord[] = [];
    const record = await runFlow(main, {
      catalog: cat,
      trigger,
      resolveFlow: async () => helperFlow,
      onChildRun: (r) => {
        children.push(r);
      },
    });
    expect(record.status).toBe('failed');
    expect(record.error).toMatchObject({ nodeId: 'boom', message: 'boom' });
    expect(children).toHaveLength(2);
    for (const child of children) {
      expect(child.status).toBe('cancelled');
      expect(child.error).toMatchObject({ code: 'CANCELLED', message: 'The run was cancelled.' });
      expect(child.steps.find((s) => s.nodeId === 'hold')).toMatchObject({
        status: 'cancelled',
        error: { code: 'CANCELLED', message: 'The run was cancelled.' },
      });
    }
  });

  it('a failing sequential child run does not stop its parent or its siblings', async () => {
    const failing = makeFlow(
      [
        { id: 'in', type: 'trigger.call' },
        { id: 'check', config: { value: '=item' } },
        { id: 'fail', type: 'test.fail' },
      ],
      ['in->check', 'check->fail'],
      { id: 'failing' },
    );
    const children: RunRecord[] = [];
    const record = await runFlow(
      makeFlow(
        [
          { id: 'start', type: 'trigger.manual' },
          { id: 'each', type: 'test.forEach', config: { flowId: 'failing', items: [1, 2] } },
        ],
        ['start->each'],
      ),
      {
        catalog,
        trigger,
        resolveFlow: async () => failing,
        onChildRun: (r) => {
          children.push(r);
        },
      },
    );
    expect(children.map((c) => c.status)).toEqual(['failed', 'failed']);
    expect(children.every((c) => c.steps.find((s) => s.nodeId === 'check')?.status === 'succeeded')).toBe(
      true,
    );
    // The parent's forEach saw both children finish (failed), then failed itself: it was not cancelled.
    expect(record.steps.find((s) => s.nodeId === 'each')).toMatchObject({
      status: 'failed',
      error: { code: 'NODE_FAILED' },
    });
  });
});
