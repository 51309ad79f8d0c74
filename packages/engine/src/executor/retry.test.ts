import { describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { createCatalog } from '../model/catalog';
import { RetryPolicySchema } from '../model/flow-schema';
import { InstantClock, makeFlow, testCatalogTypes } from '../testing/test-kit';
import { retryAfterTooLong, retryDelay, shouldRetry } from './retry';
import { runFlow } from './run-flow';

const start = { id: 'start', type: 'trigger.manual' };
const trigger = { kind: 'manual' as const, data: {} };

function setup(config: Record<string, unknown>, retry: Record<string, unknown>) {
  const counts = new Map<string, number>();
  const catalog = createCatalog(testCatalogTypes(counts));
  const flow = makeFlow(
    [start, { id: 'call', type: 'test.fail', config, retry: RetryPolicySchema.parse(retry) }],
    ['start->call'],
  );
  return { counts, catalog, flow, clock: new InstantClock() };
}

describe('retries', () => {
  it('retries a 503 with exponential backoff on the injected clock, then succeeds', async () => {
    const { catalog, flow, clock } = setup(
      { times: 2, status: 503 },
      { attempts: 3, initialDelayMs: 100, jitter: false },
    );
    const record = await runFlow(flow, { catalog, trigger, clock });
    expect(record.status).toBe('succeeded');
    const step = record.steps.find((s) => s.nodeId === 'call')!;
    expect(step.attempts).toBe(3);
    expect(step.output).toBe('ok');
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it('honours Retry-After when it is longer than the backoff', async () => {
    const { catalog, flow, clock } = setup(
      { times: 1, status: 429, retryAfterMs: 7000 },
      { attempts: 2, initialDelayMs: 100, jitter: false },
    );
    const record = await runFlow(flow, { catalog, trigger, clock });
    expect(record.status).toBe('succeeded');
    expect(clock.sleeps).toEqual([7000]);
  });

  it('fails at once, saying why, when Retry-After is longer than maxDelayMs', async () => {
    const { catalog, flow, clock } = setup(
      { times: 1, status: 429, retryAfterMs: 86_400_000 },
      { attempts: 3, initialDelayMs: 100, maxDelayMs: 30_000, jitter: false },
    );
    const startedAt = clock.now();
    const record = await runFlow(flow, { catalog, trigger, clock });
    expect(record.status).toBe('failed');
    expect(clock.sleeps).toEqual([]);
    expect(clock.now() - startedAt).toBeLessThan(30_000);
    const step = record.steps.find((s) => s.nodeId === 'call')!;
    expect(step.status).toBe('failed');
    expect(step.attempts).toBe(1);
    expect(step.error?.code).toBe('NODE_FAILED');
    expect(step.error?.message).toMatch(/not retried.*86400 s.*maxDelayMs of 30000 ms/);
    expect(step.error?.details).toMatchObject({
      code: 'NODE_FAILED',
      status: 429,
      retryAfterMs: 86_400_000,
      maxDelayMs: 30_000,
    });
  });

  it('sends a refused Retry-After to the error port with the reason in details', async () => {
    const counts = new Map<string, number>();
    const catalog = createCatalog(testCatalogTypes(counts));
    const flow = makeFlow(
      [
        start,
        {
          id: 'call',
          type: 'test.fail',
          errorPort: true,
          config: { times: 1, status: 429, retryAfterMs: 86_400_000 },
          retry: RetryPolicySchema.parse({ attempts: 3, maxDelayMs: 30_000 }),
        },
        { id: 'handled', type: 'test.value', config: { value: '=steps.call.error.details.retryAfterMs' } },
      ],
      ['start->call', 'call:error->handled'],
    );
    const clock = new InstantClock();
    const record = await runFlow(flow, { catalog, trigger, clock });
    expect(record.status).toBe('succeeded');
    expect(clock.sleeps).toEqual([]);
    const call = record.steps.find((s) => s.nodeId === 'call')!;
    expect(call.attempts).toBe(1);
    expect(call.ports).toEqual(['error']);
    expect(record.steps.find((s) => s.nodeId === 'handled')!.output).toBe(86_400_000);
  });

  it('waits for a Retry-After equal to maxDelayMs', async () => {
    const { catalog, flow, clock } = setup(
      { times: 1, status: 429, retryAfterMs: 30_000 },
      { attempts: 2, initialDelayMs: 100, maxDelayMs: 30_000, jitter: false },
    );
    const record = await runFlow(flow, { catalog, trigger, clock });
    expect(record.status).toBe('succeeded');
    expect(clock.sleeps).toEqual([30_000]);
  });

  it('does not retry failures outside retryOn, and gives up after the last attempt', async () => {
    const notRetried = setup({ times: 5, status: 400 }, { attempts: 3, jitter: false });
    const r1 = await runFlow(notRetried.flow, {
      catalog: notRetried.catalog,
      trigger,
      clock: notRetried.clock,
    });
    expect(r1.steps.find((s) => s.nodeId === 'call')!.attempts).toBe(1);
    const exhausted = setup({ times: 5, status: 500 }, { attempts: 3, jitter: false });
    const r2 = await runFlow(exhausted.flow, { catalog: exhausted.catalog, trigger, clock: exhausted.clock });
    expect(r2.status).toBe('failed');
    expect(r2.steps.find((s) => s.nodeId === 'call')!.attempts).toBe(3);
  });

  it('caps backoff at maxDelayMs and keeps jitter within [half, full]', () => {
    const policy = RetryPolicySchema.parse({ attempts: 10, initialDelayMs: 1000, maxDelayMs: 5000 });
    const err = new NodeError('NETWORK', 'x');
    expect(retryDelay(8, policy, err, () => 1)).toBe(5000);
    expect(retryDelay(2, policy, err, () => 0)).toBe(1000);
    expect(shouldRetry(err, policy)).toBe(true);
    expect(shouldRetry(new NodeError('CONFIG_INVALID', 'x'), { ...policy, retryOn: ['any'] })).toBe(false);
    expect(retryAfterTooLong(new NodeError('HTTP_STATUS', 'x', { retryAfterMs: 5000 }), policy)).toBeNull();
    const refused = retryAfterTooLong(
      new NodeError('HTTP_STATUS', 'x', { status: 429, retryAfterMs: 5001, details: { scimType: 'busy' } }),
      policy,
    );
    expect(refused?.retryable).toBe(false);
    expect(refused?.details).toMatchObject({ scimType: 'busy', status: 429, retryAfterMs: 5001 });
  });
});
