/** Scale-out env parsing: single mode by default; main/worker need Redis and a shared PostgreSQL store. */
import { expect, it } from 'vitest';
import { loadScaleConfig } from './scale-config';

it('defaults to single mode with the file store', () => {
  expect(loadScaleConfig({})).toMatchObject({ mode: 'single', store: './data', workerConcurrency: 8 });
});

it('lists every problem of a worker without Redis or PostgreSQL', () => {
  expect(() => loadScaleConfig({ IDFLOW_MODE: 'worker', IDFLOW_STORE: './data' })).toThrow(
    /IDFLOW_REDIS_URL[\s\S]*IDFLOW_STORE=postgres/,
  );
  expect(() => loadScaleConfig({ IDFLOW_MODE: 'cluster' })).toThrow(/single, main or worker/);
});

it('reads a full worker setup', () => {
  const c = loadScaleConfig({
    IDFLOW_MODE: 'worker',
    IDFLOW_REDIS_URL: 'redis://10.0.0.5:6379',
    IDFLOW_STORE: 'postgres://idflow@10.0.0.6:5432/idflow',
    IDFLOW_WORKER_CONCURRENCY: '16',
    IDFLOW_MAX_RUNS_PER_FLOW: '2',
  });
  expect(c).toMatchObject({
    mode: 'worker',
    eventsChannel: 'idflow:events',
    workerConcurrency: 16,
    perFlowConcurrency: 2,
    onStalled: 'interrupt',
  });
});

it('has no per-flow limit across workers unless IDFLOW_MAX_RUNS_PER_FLOW is set', () => {
  const c = loadScaleConfig({
    IDFLOW_MODE: 'main',
    IDFLOW_REDIS_URL: 'redis://127.0.0.1:6379',
    IDFLOW_STORE: 'postgres://idflow@127.0.0.1:5432/idflow',
    IDFLOW_QUEUE_PREFIX: 'blue',
  });
  expect(c.perFlowConcurrency).toBeUndefined();
  expect(c.eventsChannel).toBe('blue:events');
  expect(loadScaleConfig({}).perFlowConcurrency).toBe(32);
});

it('reports the mode problems with the other bad values, without passwords', () => {
  try {
    loadScaleConfig({
      IDFLOW_MODE: 'main',
      IDFLOW_PORT: 'eighty',
      IDFLOW_STORE: 'mysql://idflow:hunter2@db/idflow',
    });
    expect.unreachable();
  } catch (err) {
    const message = (err as Error).message;
    expect(message).toMatch(/IDFLOW_PORT: .*"eighty"/);
    expect(message).toMatch(/IDFLOW_REDIS_URL: is required when IDFLOW_MODE=main/);
    expect(message).toMatch(/IDFLOW_STORE: must be a data folder or a postgres:\/\//);
    expect(message).not.toContain('hunter2');
  }
});
