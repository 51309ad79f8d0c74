import { afterEach, describe, expect, it } from 'vitest';
import { linearFlow, manual, setNode, startTestRuntime, type TestRuntime } from './helpers';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
});

describe('runtime smoke', () => {
  it('creates a flow, runs it with wait, and lists the run', async () => {
    rt = await startTestRuntime();
    const flow = linearFlow('hello', manual(), setNode('greet', { message: '="hello " & trigger.name' }));
    const created = await rt.api('POST', '/api/v1/flows', flow);
    expect(created.status).toBe(201);
    expect(created.json.version).toBe(1);
    const run = await rt.api('POST', '/api/v1/flows/hello/runs', { input: { name: 'ada' }, wait: true });
    expect(run.status).toBe(200);
    expect(run.json.run.status).toBe('succeeded');
    expect(run.json.run.output).toEqual({ message: 'hello ada' });
    const list = await rt.api('GET', '/api/v1/runs?flowId=hello');
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0].steps[0].output).toBeUndefined();
    const health = await fetch(`${rt.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('editor hosting', () => {
  it('says how to build the editor when it is missing, and serves it for client routes once built', async () => {
    rt = await startTestRuntime();
    const missing = await fetch(`${rt.url}/flows/some-flow`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('--filter @idflow/editor build');
    // Built after the runtime started: served without a restart.
    const { mkdir, writeFile } = await import('node:fs/promises');
    const dir = rt.runtime.context.config.editorDir;
    await mkdir(dir, { recursive: true });
    await writeFile(`${dir}/index.html`, '<!doctype html><div id="root"></div>');
    const built = await fetch(`${rt.url}/flows/some-flow`);
    expect(built.status).toBe(200);
    expect(await built.text()).toContain('<div id="root">');
  });
});
