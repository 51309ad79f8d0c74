import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCatalog } from '../model/catalog';
import { defineNodeType } from '../node-type';
import { makeFlow, testCatalogTypes } from '../testing/test-kit';
import { runFlow } from './run-flow';

const calls: string[] = [];
const sideEffectDef = (type: string) => ({
  type,
  title: type,
  category: 'scim' as const,
  description: '',
  hasInput: true,
  output: {},
  config: z.object({ user: z.string() }),
  outputs: [{ id: 'out' }],
  sideEffects: true,
});
const writer = defineNodeType(sideEffectDef('test.write'), {
  run: async () => {
    calls.push('run');
    return { output: 'written' };
  },
  plan: async (ctx) => {
    calls.push('plan');
    return { output: { wouldCreate: ctx.config.user } };
  },
});
const writerNoPlan = defineNodeType(sideEffectDef('test.writeNoPlan'), {
  run: async () => {
    calls.push('run2');
    return { output: 'written' };
  },
});
const catalog = createCatalog([...testCatalogTypes(), writer, writerNoPlan]);
const start = { id: 'start', type: 'trigger.manual' };
const trigger = { kind: 'manual' as const, data: { token: 's3cr3t-token', big: 'x'.repeat(100) } };

describe('run record features', () => {
  it('dry run calls plan() instead of run(), and records a plan for types without one', async () => {
    calls.length = 0;
    const flow = makeFlow(
      [
        start,
        { id: 'w', type: 'test.write', config: { user: 'ada' } },
        { id: 'n', type: 'test.writeNoPlan', config: { user: 'bob' } },
        { id: 'v', config: { value: 1 } },
      ],
      ['start->w', 'w->n', 'n->v'],
    );
    const record = await runFlow(flow, { catalog, trigger, dryRun: true });
    expect(calls).toEqual(['plan']);
    expect(record.dryRun).toBe(true);
    const step = (id: string) => record.steps.find((s) => s.nodeId === id)!;
    expect(step('w')).toMatchObject({ planned: true, output: { wouldCreate: 'ada' } });
    expect(step('n')).toMatchObject({
      planned: true,
      output: { planned: true, type: 'test.writeNoPlan', config: { user: 'bob' } },
    });
    expect(step('v').planned).toBeUndefined();
  });

  it('resume reuses earlier outputs and reruns from the given node', async () => {
    const counts = new Map<string, number>();
    const cat = createCatalog(testCatalogTypes(counts));
    const flow = makeFlow(
      [
        start,
        { id: 'a', type: 'test.fail', config: { key: 'a', times: 0 } },
        { id: 'b', type: 'test.fail', config: { key: 'b', times: 1 } },
        { id: 'c', config: { value: '=steps.a & "+" & steps.b' } },
      ],
      ['start->a', 'a->b', 'b->c'],
    );
    const first = await runFlow(flow, { catalog: cat, trigger });
    expect(first.status).toBe('failed');
    const second = await runFlow(flow, {
      catalog: cat,
      trigger,
      resumeFrom: { nodeId: 'b', steps: first.steps },
    });
    expect(second.status).toBe('succeeded');
    expect(counts.get('a')).toBe(1);
    expect(counts.get('b')).toBe(2);
    expect(second.steps.map((s) => [s.nodeId, s.status, s.reused ?? false])).toEqual([
      ['start', 'succeeded', true],
      ['a', 'succeeded', true],
      ['b', 'succeeded', false],
      ['c', 'succeeded', false],
    ]);
    expect(second.output).toBe('ok+ok');
  });

  it('redacts secret values from inputs, outputs and errors but expressions still see them', async () => {
    const flow = makeFlow(
      [
        start,
        { id: 'v', config: { value: '="Bearer " & trigger.token' } },
        { id: 'bad', type: 'test.fail', config: { code: '=$error("leak " & trigger.token)' } },
      ],
      ['start->v', 'v->bad'],
    );
    const record = await runFlow(flow, { catalog, trigger, secrets: () => ['s3cr3t-token'] });
    const text = JSON.stringify(record.steps);
    expect(text).not.toContain('s3cr3t-token');
    expect(record.steps.find((s) => s.nodeId === 'v')).toMatchObject({
      input: { value: 'Bearer [redacted]' },
      output: 'Bearer [redacted]',
    });
    expect(record.error?.message).toContain('leak [redacted]');
  });

  it('caps large outputs with a preview and the truncated flag; later nodes still see the full value', async () => {
    const flow = makeFlow(
      [
        start,
        { id: 'big', config: { value: '=$pad("", 5000, "y")' } },
        { id: 'len', config: { value: '=$length(steps.big)' } },
      ],
      ['start->big', 'big->len'],
    );
    const record = await runFlow(flow, { catalog, trigger, limits: { outputCapBytes: 1000 } });
    const big = record.steps.find((s) => s.nodeId === 'big')!;
    expect(big.truncated).toBe(true);
    expect(big.output).toMatchObject({ bytes: 5002, preview: expect.stringMatching(/^"y+$/) });
    expect((big.output as { preview: string }).preview.length).toBe(1000);
    expect(record.steps.find((s) => s.nodeId === 'len')).toMatchObject({ output: 5000 });
    expect(record.steps.find((s) => s.nodeId === 'len')!.truncated).toBeUndefined();
  });

  it('caps step inputs and the run output the same way, with their own flags', async () => {
    const flow = makeFlow(
      [
        start,
        { id: 'big', config: { value: '=$pad("", 5000, "y")' } },
        { id: 'copy', config: { value: '=steps.big' } },
      ],
      ['start->big', 'big->copy'],
    );
    const record = await runFlow(flow, { catalog, trigger, limits: { outputCapBytes: 1000 } });
    const copy = record.steps.find((s) => s.nodeId === 'copy')!;
    expect(copy.inputTruncated).toBe(true);
    expect(copy.input).toMatchObject({ bytes: 5012 });
    expect(record.outputTruncated).toBe(true);
    expect(record.output).toMatchObject({ bytes: 5002 });
    // Four 5 KB values (two outputs, an input, the run output) would make it over 20 KB uncapped.
    expect(JSON.stringify(record).length).toBeLessThan(8000);
  });
});
