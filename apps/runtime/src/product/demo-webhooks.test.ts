import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearFlow, setNode, startTestRuntime, type TestRuntime, webhook } from '../../test/helpers';
import { DEV_WEBHOOK_TOKEN, demoTokenAllowed, demoWebhookLines, isLoopbackHost } from './demo-webhooks';

describe('the dev webhook token', () => {
  it('is allowed only on a loopback host outside production, unless IDFLOW_DEMO=off', () => {
    for (const host of [
      '127.0.0.1',
      '127.8.9.10',
      'localhost',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
    ])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of [
      '0.0.0.0',
      '::',
      '192.168.1.5',
      '10.0.0.1',
      'example.com',
      '128.0.0.1',
      '::2',
      '::ffff:10.0.0.1',
    ])
      expect(isLoopbackHost(host), host).toBe(false);
    expect(demoTokenAllowed('127.0.0.1', {})).toBe(true);
    expect(demoTokenAllowed('127.0.0.1', { NODE_ENV: 'production' })).toBe(false);
    expect(demoTokenAllowed('127.0.0.1', { IDFLOW_DEMO: 'off' })).toBe(false);
    expect(demoTokenAllowed('0.0.0.0', {})).toBe(false);
  });
});

describe('demoWebhookLines', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
    for (const id of ['pub-hook', 'local-hook']) {
      const flow = linearFlow(id, webhook({ path: id }), setNode('a', { x: 1 }));
      expect((await rt.api('POST', '/api/v1/flows', flow)).status).toBe(201);
      expect((await rt.api('POST', `/api/v1/flows/${id}/enable`)).status).toBe(200);
    }
  });
  afterAll(async () => {
    await rt.stop();
  });
  const post = (path: string) =>
    fetch(`${rt.url}/hooks/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEV_WEBHOOK_TOKEN}` },
    });

  it('sets no known token when listening beyond loopback or in production, and says how to set a secret', async () => {
    const c = rt.runtime.context;
    for (const opts of [
      { host: '0.0.0.0', env: {} },
      { host: '127.0.0.1', env: { NODE_ENV: 'production' } },
    ]) {
      const lines = (await demoWebhookLines(c, { url: rt.url, samples: new Map(), ...opts })).join('\n');
      expect(lines).toContain('/api/v1/flows/pub-hook/webhook/secret');
      expect(lines).toContain('WARNING');
      expect(lines).not.toContain(DEV_WEBHOOK_TOKEN);
    }
    expect(await c.store.getWebhookSecret('pub-hook')).toBeUndefined();
    expect((await post('pub-hook')).status).toBe(401);
  });

  it('sets the dev token on loopback and prints a curl that works', async () => {
    await rt.api('DELETE', '/api/v1/flows/pub-hook');
    const lines = await demoWebhookLines(rt.runtime.context, {
      url: rt.url,
      host: '127.0.0.1',
      env: {},
      samples: new Map(),
    });
    expect(lines.join('\n')).toContain(
      `curl -sS -X POST '${rt.url}/hooks/local-hook' -H 'Authorization: Bearer ${DEV_WEBHOOK_TOKEN}'`,
    );
    expect((await post('local-hook')).status).toBe(200);
  });
});
