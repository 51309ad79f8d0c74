import { describe, expect, it } from 'vitest';
import { z } from 'zod';
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
});
