import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../src/webhooks/verify';
import { linearFlow, respond, setNode, startTestRuntime, type TestRuntime, webhook } from './helpers';

let rt: TestRuntime;
const secrets: Record<string, string> = {};

async function hookFlow(
  id: string,
  config: Record<string, unknown>,
  ...rest: Parameters<typeof linearFlow>[2][]
) {
  const flow = linearFlow(
    id,
    webhook(config),
    ...(rest.length ? rest : [setNode('echo', { got: '=trigger.body' })]),
  );
  expect((await rt.api('POST', '/api/v1/flows', flow)).status).toBe(201);
  expect((await rt.api('POST', `/api/v1/flows/${id}/enable`)).status).toBe(200);
  const res = await rt.api('POST', `/api/v1/flows/${id}/webhook/secret`, {});
  secrets[id] = res.json.secret;
}

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${rt.url}/hooks/${path}`, { method: 'POST', headers, body });

beforeAll(async () => {
  rt = await startTestRuntime({ webhookMaxBody: '1kb' });
  await hookFlow('tok', { path: 'tok', respond: 'onCompletion' });
  await hookFlow('mac', { path: 'mac', auth: 'hmac', respond: 'accepted' });
  await hookFlow('acc', { path: 'acc', respond: 'accepted', eventId: 'body.eventId' });
  await hookFlow('resp', { path: 'resp' }, respond(201, { hello: '=trigger.body.name' }));
});
afterAll(async () => {
  await rt.stop();
});

describe('webhook auth', () => {
  it('accepts the token as Bearer or X-Idflow-Token and refuses a wrong one', async () => {
    const json = { 'content-type': 'application/json' };
    const ok = await post('tok', '{"a":1}', { ...json, authorization: `Bearer ${secrets.tok}` });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ got: { a: 1 } });
    expect((await post('tok', '{}', { ...json, 'x-idflow-token': secrets.tok! })).status).toBe(200);
    expect((await post('tok', '{}', { ...json, authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post('tok', '{}', json)).status).toBe(401);
  });

  it('checks HMAC signatures, the replay window and the body', async () => {
    const body = '{"user":"ada"}';
    const now = Math.floor(Date.now() / 1000);
    const headers = (sig: string) => ({ 'content-type': 'application/json', 'x-idflow-signature': sig });
    expect((await post('mac', body, headers(signBody(secrets.mac!, body, now)))).status).toBe(202);
    expect((await post('mac', body, headers(signBody('other-secret-000000', body, now)))).status).toBe(401);
    expect((await post('mac', `${body} `, headers(signBody(secrets.mac!, body, now)))).status).toBe(401);
    expect((await post('mac', body, headers(signBody(secrets.mac!, body, now - 301)))).status).toBe(401);
    expect((await post('mac', body, { 'content-type': 'application/json' })).status).toBe(401);
  });

  it('answers 404 for a path no enabled flow claims', async () => {
    expect((await post('nobody', '{}', { authorization: `Bearer ${secrets.tok}` })).status).toBe(404);
  });
});

describe('webhook bodies', () => {
  const auth = () => ({ authorization: `Bearer ${secrets.tok}` });
  it('reads urlencoded forms and text', async () => {
    const form = await post('tok', 'a=1&b=2&b=3', {
      ...auth(),
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(await form.json()).toEqual({ got: { a: '1', b: ['2', '3'] } });
    const text = await post('tok', 'plain words', { ...auth(), 'content-type': 'text/plain' });
    expect(await text.json()).toEqual({ got: 'plain words' });
  });
  it('answers 415, 400 and 413', async () => {
    expect((await post('tok', '<x/>', { ...auth(), 'content-type': 'application/xml' })).status).toBe(415);
    const bad = await post('tok', '{"a":', { ...auth(), 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('MALFORMED_JSON');
    const big = await post('tok', JSON.stringify({ x: 'y'.repeat(2000) }), {
      ...auth(),
      'content-type': 'application/json',
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('respond modes and idempotency', () => {
  it('accepted: 202 with a run id that is already stored, then the run finishes', async () => {
    const res = await post('acc', '{"eventId":"e-1"}', {
      authorization: `Bearer ${secrets.acc}`,
      'content-type': 'application/json',
    });
    expect(res.status).toBe(202);
    const { runId } = await res.json();
    const stored = await rt.store.getRun(runId);
    expect(stored).toBeDefined();
    const run = await rt.runtime.context.runs.wait(runId, 10_000);
    expect(run?.status).toBe('succeeded');
    expect((run!.trigger.data as { headers: Record<string, string> }).headers.authorization).toBeUndefined();
  });

  it('deduplicates by eventId expression and by Idempotency-Key, starting nothing', async () => {
    const h = { authorization: `Bearer ${secrets.acc}`, 'content-type': 'application/json' };
    const first = await (await post('acc', '{"eventId":"e-2"}', h)).json();
    const before = (await rt.store.listRuns({ flowId: 'acc', limit: 100 })).items.length;
    const again = await post('acc', '{"eventId":"e-2","other":true}', h);
    expect(again.status).toBe(200);
    expect((await again.json()).runId).toBe(first.runId);
    const k1 = await (await post('acc', '{}', { ...h, 'idempotency-key': 'k-1' })).json();
    const k2 = await (await post('acc', '{}', { ...h, 'idempotency-key': 'k-1' })).json();
    expect(k2.runId).toBe(k1.runId);
    const after = (await rt.store.listRuns({ flowId: 'acc', limit: 100 })).items.length;
    expect(after).toBe(before + 1);
  });

  it('onCompletion answers with flow.respond status, headers and body', async () => {
    const res = await post('resp', '{"name":"ada"}', {
      authorization: `Bearer ${secrets.resp}`,
      'content-type': 'application/json',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ hello: 'ada' });
  });

  it('shows webhook info without the secret', async () => {
    const info = await rt.api('GET', '/api/v1/flows/mac/webhook');
    expect(info.json).toMatchObject({
      path: 'mac',
      auth: 'hmac',
      secretSet: true,
      url: `${rt.url}/hooks/mac`,
    });
    expect(info.text).not.toContain(secrets.mac!);
  });
});
