import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCatalog } from '../model/catalog';
import { defineNodeType } from '../node-type';
import { ManualClock, makeFlow, testCatalogTypes, until } from '../testing/test-kit';
import { runFlow } from './run-flow';

const start = { id: 'start', type: 'trigger.manual' };
const trigger = { kind: 'manual' as const, data: {} };
const catalog = createCatalog(testCatalogTypes());

describe('timeouts and cancellation', () => {
  it('fails a node that exceeds its timeoutMs with NODE_TIMEOUT', async () => {
    const clock = new ManualClock();
    const flow = makeFlow([start, { id: 'w', type: 'test.wait', timeoutMs: 5000 }], ['start->w']);
    const done = runFlow(flow, { catalog, trigger, clock });
    await until(() => clock.pending === 1, 'the node timer');
    await clock.advance(5000);
    const record = await done;
    expect(record.status).toBe('failed');
    expect(record.error?.code).toBe('NODE_TIMEOUT');
    expect(record.steps.find((s) => s.nodeId === 'w')!.status).toBe('failed');
  });

  it('stops the run at its timeout with RUN_TIMEOUT', async () => {
    const clock = new ManualClock();
    const flow = makeFlow(
      [start, { id: 'w', type: 'test.wait' }, { id: 'after' }],
      ['start->w', 'w->after'],
      {
        settings: { timeoutMs: 60_000 },
      },
    );
    const done = runFlow(flow, { catalog, trigger, clock });
    await until(() => clock.pending === 1, 'the run timer');
    await clock.advance(60_000);
    const record = await done;
    expect(record.status).toBe('failed');
    expect(record.error?.code).toBe('RUN_TIMEOUT');
    expect(record.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ['start', 'succeeded'],
      ['w', 'cancelled'],
      ['after', 'cancelled'],
    ]);
  });

  it('ends a runaway expression with EXPRESSION_TIMEOUT', async () => {
    const flow = makeFlow(
      [start, { id: 'x', config: { value: '=$count([1..9000000].($ * 2))' } }],
      ['start->x'],
    );
    const record = await runFlow(flow, { catalog, trigger, limits: { expressionTimeoutMs: 50 } });
    expect(record.error?.code).toBe('EXPRESSION_TIMEOUT');
    expect(record.error?.details).toMatchObject({ path: 'nodes.x.config.value' });
  });

  describe('with a server that never answers', () => {
    let server: Server;
    let url: string;
    const requests: IncomingMessage[] = [];
    let closed = 0;
    beforeAll(async () => {
      server = createServer((req) => {
        requests.push(req);
        req.on('close', () => closed++);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hang`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    it('cancellation aborts the in-flight fetch and marks the run cancelled', async () => {
      const http = defineNodeType(
        {
          type: 'test.http',
          title: 'h',
          category: 'http',
          description: '',
          hasInput: true,
          output: {},
          config: z.object({ url: z.string() }),
          outputs: [{ id: 'out' }],
        },
        { run: async (ctx) => ({ output: await (await ctx.fetch(ctx.config.url)).text() }) },
      );
      const cat = createCatalog([...testCatalogTypes(), http]);
      const controller = new AbortController();
      const flow = makeFlow(
        [start, { id: 'get', type: 'test.http', config: { url } }, { id: 'next' }],
        ['start->get', 'get->next'],
      );
      const done = runFlow(flow, { catalog: cat, trigger, signal: controller.signal });
      await until(() => requests.length === 1, 'the request');
      controller.abort();
      const record = await done;
      expect(record.status).toBe('cancelled');
      expect(record.error?.code).toBe('CANCELLED');
      expect(record.steps.find((s) => s.nodeId === 'get')).toMatchObject({
        status: 'cancelled',
        error: { code: 'CANCELLED' },
      });
      await until(() => closed === 1, 'the server to see the connection close');
    });
  });
});
