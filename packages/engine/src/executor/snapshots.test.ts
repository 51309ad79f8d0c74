import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCatalog } from '../model/catalog';
import { defineNodeType } from '../node-type';
import { makeFlow, testCatalogTypes } from '../testing/test-kit';
import { runFlow } from './run-flow';

const base = { category: 'transform' as const, description: 'test', hasInput: true, output: {} };

/** `test.mutate`: changes the output of step `target` in place (a node that should not, but may). */
const mutateNode = defineNodeType(
  {
    ...base,
    type: 'test.mutate',
    title: 'Mutate',
    config: z.object({ target: z.string() }),
    outputs: [{ id: 'out' }],
  },
  {
    run: async (ctx) => {
      const live = (ctx.scope.steps as Record<string, { user: { name: string }; tags: string[] }>)[
        ctx.config.target
      ]!;
      live.user.name = 'changed';
      live.tags.push('added');
      return { output: 'done' };
    },
  },
);

/** `test.respond`: outputs `body` and answers with it, as flow.respond does. */
const respondNode = defineNodeType(
  {
    ...base,
    type: 'test.respond',
    title: 'Respond',
    config: z.object({ body: z.unknown() }),
    outputs: [{ id: 'out' }],
  },
  {
    run: async (ctx) => ({
      output: ctx.config.body,
      response: { status: 200, headers: {}, body: ctx.config.body },
    }),
  },
);

/** `test.date`: outputs a Date and a Map (what JSON turns into a string and `{}`). */
const dateNode = defineNodeType(
  { ...base, type: 'test.date', title: 'Date', config: z.object({}), outputs: [{ id: 'out' }] },
  { run: async () => ({ output: { at: new Date(0), map: new Map([[1, 2]]), n: Number.NaN } }) },
);

const catalog = createCatalog([...testCatalogTypes(), mutateNode, respondNode, dateNode]);
const start = { id: 'start', type: 'trigger.manual' };
const data = () => ({ user: { name: 'Ada' }, tags: ['a'], token: 's3cr3t' });
const trigger = { kind: 'manual' as const, data: data() };

describe('step snapshots', () => {
  it('records outputs and inputs as they were when the step ran, not as later nodes left them', async () => {
    const flow = makeFlow(
      [
        start,
        { id: 'pick', config: { value: '={ "user": trigger.user, "tags": trigger.tags }' } },
        { id: 'mutate', type: 'test.mutate', config: { target: 'pick' } },
      ],
      ['start->pick', 'pick->mutate'],
    );
    const live = { kind: 'manual' as const, data: data() };
    const record = await runFlow(flow, { catalog, trigger: live });
    expect(record.status).toBe('succeeded');
    // The step changed the trigger data itself (pick's output shares its objects).
    expect(live.data.user.name).toBe('changed');
    const pick = record.steps.find((s) => s.nodeId === 'pick')!;
    expect(pick.output).toEqual({ user: { name: 'Ada' }, tags: ['a'] });
    expect(pick.input).toEqual({ value: { user: { name: 'Ada' }, tags: ['a'] } });
    const start0 = record.steps.find((s) => s.nodeId === 'start')!;
    expect(start0.output).toEqual(data());
  });

  it('records what JSON makes of values that are not plain data', async () => {
    const flow = makeFlow([start, { id: 'date', type: 'test.date' }], ['start->date']);
    const record = await runFlow(flow, { catalog, trigger });
    expect(record.steps.find((s) => s.nodeId === 'date')!.output).toStrictEqual({
      at: '1970-01-01T00:00:00.000Z',
      map: {},
      n: null,
    });
    expect(record.output).toStrictEqual({ at: '1970-01-01T00:00:00.000Z', map: {}, n: null });
  });

  it('a response body is recorded once as the run output, redacted and capped like the step output', async () => {
    const flow = makeFlow(
      [
        start,
        {
          id: 'reply',
          type: 'test.respond',
          config: { body: '={ "token": trigger.token, "pad": $pad("", 300, "z") }' },
        },
      ],
      ['start->reply'],
    );
    const secrets = () => ['s3cr3t'];
    const record = await runFlow(flow, { catalog, trigger, secrets });
    const reply = record.steps.find((s) => s.nodeId === 'reply')!;
    expect(reply.output).toEqual({ token: '[redacted]', pad: 'z'.repeat(300) });
    expect(record.output).toEqual(reply.output);
    expect(record.outputTruncated).toBeUndefined();

    const capped = await runFlow(flow, { catalog, trigger, secrets, limits: { runOutputCapBytes: 100 } });
    expect(capped.steps.find((s) => s.nodeId === 'reply')!.truncated).toBeUndefined();
    expect(capped.outputTruncated).toBe(true);
    expect(capped.output).toMatchObject({
      bytes: 331,
      preview: expect.stringMatching(/^\{"token":"\[redacted\]"/),
    });
  });

  it('caps a sink output for the run output when only the run cap is smaller', async () => {
    const flow = makeFlow([start, { id: 'list', config: { value: '=[1..200]' } }], ['start->list']);
    const record = await runFlow(flow, { catalog, trigger, limits: { runOutputCapBytes: 200 } });
    const list = record.steps.find((s) => s.nodeId === 'list')!;
    expect(list.output).toHaveLength(200);
    expect(record.outputTruncated).toBe(true);
    const bytes = JSON.stringify(list.output).length;
    expect(record.output).toEqual({ bytes, preview: JSON.stringify(list.output).slice(0, 200) });
  });
});
