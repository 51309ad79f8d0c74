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
    IDFLOW_PER_FLOW_CONCURRENCY: '2',
  });
  expect(c).toMatchObject({
    mode: 'worker',
    workerConcurrency: 16,
    perFlowConcurrency: 2,
    onStalled: 'interrupt',
  });
});
