// The raw webhook ingress and the Express route are two doors to one handler: same answers, same headers, same limits.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearFlow, setNode, startTestRuntime, type TestRuntime, webhook } from './helpers';

let rt: TestRuntime;
let secret = '';
let respSecret = '';

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

async function enable(flow: ReturnType<typeof linearFlow>): Promise<string> {
  expect((await rt.api('POST', '/api/v1/flows', flow)).status).toBe(201);
  expect((await rt.api('POST', `/api/v1/flows/${flow.id}/enable`)).status).toBe(200);
  return (await rt.api('POST', `/api/v1/flows/${flow.id}/webhook/secret`, {})).json.secret as string;
}

/** A raw POST (node:http, so no client adds or rewrites anything), answered as status, headers and text. */
function rawPost(
  path: string,
  body: Buffer | string | Buffer[],
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(path, rt.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    for (const piece of Array.isArray(body) ? body : [body]) req.write(piece);
    req.end();
  });
}

beforeAll(async () => {
  rt = await startTestRuntime({ webhookMaxBody: '1kb' });
  secret = await enable(
    linearFlow(
      'echo',
      webhook({ path: 'echo', respond: 'onCompletion' }),
      setNode('echo', {
        body: '=trigger.body',
        query: '=trigger.query',
        auth: '=trigger.headers.authorization',
      }),
    ),
  );
  respSecret = await enable(
    linearFlow('resp', webhook({ path: 'resp', respond: 'onCompletion' }), {
      id: 'reply',
      type: 'flow.respond',
      config: { status: 201, headers: { 'X-Echo': '=trigger.body.h' }, body: '=trigger.body.text' },
    }),
  );
});
afterAll(async () => {
  await rt.stop();
});

describe('the raw webhook ingress', () => {
  it('answers a plain JSON webhook with the run result, the query and the security headers', async () => {
    const res = await rawPost('/hooks/echo?dept=R%26D&tag=a&tag=b', '{"email":"ada@example.com"}', {
      authorization: `Bearer ${secret}`,
      'content-type': 'application/json',
    });
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      ...SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
    });
    // The token never reaches the flow; the query string is parsed as Express would (repeated keys → arrays).
    expect(JSON.parse(res.text)).toEqual({
      body: { email: 'ada@example.com' },
      query: { dept: 'R&D', tag: ['a', 'b'] },
    });
  });

  it('gives a gzip body (the Express door) exactly the answer a plain body gets', async () => {
    const body = '{"email":"ada@example.com"}';
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const plain = await rawPost('/hooks/echo', body, headers);
    const zipped = await rawPost('/hooks/echo', gzipSync(body), { ...headers, 'content-encoding': 'gzip' });
    expect(zipped.status).toBe(plain.status);
    expect(zipped.text).toBe(plain.text);
    for (const h of [...Object.keys(SECURITY_HEADERS), 'content-type'])
      expect(zipped.headers[h], h).toBe(plain.headers[h]);
  });

  it('refuses a body over the limit with 413, whether or not its length was declared', async () => {
    const auth = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const declared = await rawPost('/hooks/echo', `{"x":"${'y'.repeat(2000)}"}`, auth);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text).error.code).toBe('PAYLOAD_TOO_LARGE');
    const chunks = [
      Buffer.from('{"x":"'),
      Buffer.from('y'.repeat(700)),
      Buffer.from('y'.repeat(700)),
      Buffer.from('"}'),
    ];
    const streamed = await rawPost('/hooks/echo', chunks, { ...auth, 'transfer-encoding': 'chunked' });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.text).error.message).toContain('1024 bytes');
  });

  it('sends a flow string body as text/plain, never as HTML, with the flow status and headers', async () => {
    const res = await rawPost('/hooks/resp', '{"text":"<b>hi</b>","h":"yes"}', {
      authorization: `Bearer ${respSecret}`,
      'content-type': 'application/json',
    });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['x-echo']).toBe('yes');
    expect(res.text).toBe('<b>hi</b>');
  });

  it('answers 500 naming the problem when the flow sets a header HTTP cannot carry', async () => {
    const res = await rawPost('/hooks/resp', '{"text":"x","h":"a\\r\\nSet-Cookie: evil=1"}', {
      authorization: `Bearer ${respSecret}`,
      'content-type': 'application/json',
    });
    expect(res.status).toBe(500);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(JSON.parse(res.text).error.message).toContain("flow.respond's status and headers");
  });

  it('leaves other methods and shapes to Express (404 with the same error format)', async () => {
    const get = await fetch(`${rt.url}/hooks/echo`);
    expect(get.status).toBe(404);
    expect((await get.json()).error.message).toContain('Webhooks are POST');
    const nested = await rawPost('/hooks/echo/extra', '{}', { authorization: `Bearer ${secret}` });
    expect(nested.status).toBe(404);
    expect(nested.headers['cache-control']).toBe('no-store');
  });
});
