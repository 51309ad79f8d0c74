import { startDelayServer } from '../support/delay-server';
import { startInProc } from '../support/runtime-inproc';
import { chainFlow } from '../support/runtime-process';
const echo = await startDelayServer(0);
const rt = await startInProc({}, { ...process.env, IDFLOW_SEC_TEST_TOKEN: 'sec-env-token-0a1b2c3d4e5f6071' });
const conn = (name: string, auth: Record<string, unknown>) => ({ name, kind: 'http', baseUrl: echo.url, auth });
await rt.api('POST', '/api/v1/connections', conn('bearer', { type: 'bearer', token: 'sec-bearer-7f3a9c1e5b2d4f60' }));
await rt.api('POST', '/api/v1/connections', conn('from-env', { type: 'bearer', token: 'env:IDFLOW_SEC_TEST_TOKEN' }));
await rt.api('POST', '/api/v1/connections', conn('api-key', { type: 'apiKey', header: 'X-Api-Key', value: 'sec-apikey-99aa88bb77cc66dd' }));
await rt.api('POST', '/api/v1/connections', conn('basic', { type: 'basic', username: 'svc-user', password: 'sec-password-1234abcd5678efgh' }));
const call = (id: string, connection: string) => ({ id, type: 'http.request', config: { method: 'POST', url: `/${id}`, connection, body: { copy: `=steps` } } });
const nodes: unknown[] = [call('c1', 'bearer'), call('c2', 'from-env'), call('c3', 'api-key'), call('c4', 'basic')];
const only = process.argv[2];
const leakFields: Record<string, string> = {
  bearer: '=steps.c1.body.headers.authorization',
  bearerRaw: '=$substringAfter(steps.c1.body.headers.authorization, "Bearer ")',
  env: '=$substringAfter(steps.c2.body.headers.authorization, "Bearer ")',
  apiKey: '=steps.c3.body.headers."x-api-key"',
  basic: '=steps.c4.body.headers.authorization',
  basicRaw: '=$substringAfter(steps.c4.body.headers.authorization, "Basic ")',
  decoded: '=$base64decode($substringAfter(steps.c4.body.headers.authorization, "Basic "))',
  allHeaders: '=steps.c4.body.headers',
  requestBody: '=steps.c4.body.body',
};
const fields = only ? { [only]: leakFields[only]! } : leakFields;
nodes.push({ id: 'leak', type: 'transform.set', config: { fields } });
if (process.env.REPLY) nodes.push({ id: 'reply', type: 'flow.respond', config: { status: 200, body: '=steps.leak' } });
console.log((await rt.api('POST', '/api/v1/flows', chainFlow('e', { id: 'start', type: 'trigger.manual', config: {} }, ...(nodes as never[])))).status);
if (process.env.TWICE) { await rt.api('POST', `/api/v1/flows/e/runs`, { input: {a: 1} }); await new Promise((res) => setTimeout(res, 1000)); }
const r = await rt.api('POST', `/api/v1/flows/e/runs`, { input: {a: 1}, ...(process.env.WAIT ? {wait: true} : {}) });
if (process.env.WAIT) { console.log('wait', r.status, r.text.slice(0, 300)); process.exit(0); }
await new Promise((res) => setTimeout(res, 3000));
const run = (await rt.api('GET', `/api/v1/runs/${r.json.runId}`)).json.run;
console.log(only, run.status, JSON.stringify(run.steps.map((s: {nodeId: string, status: string, durationMs: number, error: unknown}) => [s.nodeId, s.status, s.durationMs, s.error])).slice(0, 600));
process.exit(0);
