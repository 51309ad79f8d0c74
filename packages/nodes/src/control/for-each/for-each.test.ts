/** control.forEach and flow.call through the engine, with a helper flow calling a real HTTP server. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlowSchema } from '@idflow/engine';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { flowOf, run, step } from '../../../test/helpers';

let server: Server;
let base: string;
let inFlight = 0;
let maxInFlight = 0;
let served = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const item = decodeURIComponent(req.url!.slice('/item/'.length));
    // Later items answer sooner, so completion order differs from item order.
    const delay = Math.max(1, 30 - Number(item.replace(/\D/g, '') || 0) * 3);
    setTimeout(() => {
      inFlight--;
      served++;
      if (item.startsWith('bad')) res.writeHead(500).end('boom');
      else
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ value: item.toUpperCase() }));
    }, delay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  maxInFlight = 0;
  served = 0;
});

const helper = () =>
  FlowSchema.parse({
    schemaVersion: 1,
    id: 'upper-item',
    name: 'Upper item',
    nodes: [
      { id: 'called', type: 'trigger.call', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'get',
        type: 'http.request',
        position: { x: 200, y: 0 },
        config: { url: `=trigger.base & '/item/' & $encodeUrlComponent(item ? item : trigger.name)` },
      },
      {
        id: 'out',
        type: 'transform.map',
        position: { x: 400, y: 0 },
        config: { value: '=steps.get.body.value' },
      },
    ],
    edges: [
      { from: 'called', to: 'get' },
      { from: 'get', to: 'out' },
    ],
  });

const resolveFlow = async (id: string) => {
  if (id === 'upper-item') return helper();
  throw new Error(`unknown flow ${id}`);
};

const forEach = (config: Record<string, unknown>) =>
  flowOf([
    {
      id: 'each',
      type: 'control.forEach',
      config: { items: '=trigger.items', flow: 'upper-item', input: { base: '=trigger.base' }, ...config },
    },
  ]);

describe('control.forEach', () => {
  it('never exceeds its concurrency and keeps results in item order', async () => {
    const items = Array.from({ length: 10 }, (_, i) => `item${i}`);
    const record = await run(forEach({ concurrency: 3 }), { items, base }, { resolveFlow });
    expect(record.status).toBe('succeeded');
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(maxInFlight).toBeGreaterThan(1);
    const s = step(record, 'each');
    expect(s.output).toEqual({
      results: items.map((i) => i.toUpperCase()),
      total: 10,
      succeeded: 10,
      failed: 0,
      errors: [],
    });
    expect(s.childRunIds).toHaveLength(10);
    expect(s.childRuns).toEqual({ count: 10, failed: 0 });
  });

  it('continues past failures with onItemError continue and reports them by index', async () => {
    const items = ['item1', 'bad2', 'item3', 'bad4'];
    const record = await run(
      forEach({ onItemError: 'continue', concurrency: 2 }),
      { items, base },
      { resolveFlow },
    );
    expect(record.status).toBe('succeeded');
    expect(step(record, 'each').output).toMatchObject({
      results: ['ITEM1', null, 'ITEM3', null],
      succeeded: 2,
      failed: 2,
      errors: [
        { index: 1, code: 'HTTP_STATUS' },
        { index: 3, code: 'HTTP_STATUS' },
      ],
    });
  });

  it('stops starting items after a failure with onItemError stop, and fails SUBFLOW_FAILED', async () => {
    const items = ['bad0', ...Array.from({ length: 9 }, (_, i) => `item${i + 1}`)];
    const record = await run(
      forEach({ onItemError: 'stop', concurrency: 1 }),
      { items, base },
      { resolveFlow },
    );
    expect(record.status).toBe('failed');
    expect(step(record, 'each').error).toMatchObject({
      code: 'SUBFLOW_FAILED',
      details: { failedItem: { index: 0 }, failed: 1, succeeded: 0 },
    });
    expect(served).toBe(1);
  });

  it('fails at once for an unknown helper flow', async () => {
    const record = await run(forEach({ flow: 'nope' }), { items: [1, 2], base }, { resolveFlow });
    expect(record.status).toBe('failed');
  });
});

describe('flow.call', () => {
  const call = (config: Record<string, unknown>) => flowOf([{ id: 'call', type: 'flow.call', config }]);

  it("outputs the helper run's output and records the child run", async () => {
    const record = await run(
      call({ flow: 'upper-item', input: { base: '=trigger.base', name: 'ann' } }),
      { base },
      { resolveFlow },
    );
    expect(step(record, 'call')).toMatchObject({ status: 'succeeded', output: 'ANN' });
    expect(step(record, 'call').childRunIds).toHaveLength(1);
  });

  it('fails with SUBFLOW_FAILED when the helper fails', async () => {
    const record = await run(
      call({ flow: 'upper-item', input: { base: '=trigger.base', name: 'bad' } }),
      { base },
      { resolveFlow },
    );
    expect(step(record, 'call').error).toMatchObject({ code: 'SUBFLOW_FAILED' });
  });
});
