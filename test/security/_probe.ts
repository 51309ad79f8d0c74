import { startInProc } from '../support/runtime-inproc';
import { httpCall } from '../support/runtime-process';
const rt = await startInProc();
const show = async (label: string, p: Promise<{status:number,text:string}>) => { const r = await p; console.log(label, r.status, r.text.slice(0, 300)); };
const flow = { schemaVersion: 1, id: 'ok', name: 'ok', nodes: [{ id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 }, config: {} }], edges: [] };
await show('valid', rt.api('POST', '/api/v1/flows', flow));
await show('unknown', rt.api('POST', '/api/v1/flows', { ...flow, id: 'x1', bogus: 1 }));
await show('proto', rt.api('POST', '/api/v1/flows', `{"schemaVersion":1,"id":"x2","name":"n","nodes":[],"edges":[],"__proto__":{"polluted":true}}`));
await show('proto-config', rt.api('POST', '/api/v1/flows', `{"schemaVersion":1,"id":"x3","name":"n","nodes":[{"id":"start","type":"trigger.manual","position":{"x":0,"y":0},"config":{"__proto__":{"polluted":true}}}],"edges":[]}`));
let deep = '1'; for (let i = 0; i < 50000; i++) deep = `[${deep}]`;
await show('deep', rt.api('POST', '/api/v1/flows', `{"schemaVersion":1,"id":"x4","name":"n","nodes":${deep},"edges":[]}`));
let deepo = '1'; for (let i = 0; i < 3000; i++) deepo = `{"a":${deepo}}`;
await show('deep-config', rt.api('POST', '/api/v1/flows', `{"schemaVersion":1,"id":"x5","name":"n","nodes":[{"id":"start","type":"trigger.manual","position":{"x":0,"y":0},"config":{"a":${deepo}}}],"edges":[]}`));
await show('10mb', rt.api('POST', '/api/v1/flows', { ...flow, id: 'x6', description: 'a'.repeat(10 * 1024 * 1024) }));
await show('4mb', rt.api('POST', '/api/v1/flows', { ...flow, id: 'x7', name: 'a'.repeat(4 * 1024 * 1024) }));
await show('dup', rt.api('POST', '/api/v1/flows', { ...flow, id: 'x8', nodes: [flow.nodes[0], flow.nodes[0]] }));
await show('conn-unknown', rt.api('POST', '/api/v1/connections', { name: 'c1', kind: 'http', baseUrl: 'http://a.example', auth: { type: 'bearer', tokne: 'x' }, bogus: 1 }));
await show('conn-list', rt.api('GET', '/api/v1/connections'));
for (const p of ['..%2f..%2fetc', '%2e%2e%2f', '..%2fstate', '..\\..\\x', '%5c..%5cx', '/etc/passwd', '%2fetc%2fpasswd', '..', '.%2e']) {
  await show(`get ${p}`, rt.api('GET', `/api/v1/flows/${p}`));
  await show(`hook ${p}`, httpCall(`${rt.url}/hooks/${p}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }));
  await show(`conn ${p}`, rt.api('GET', `/api/v1/connections/${p}`));
}
await show('text body', rt.api('POST', '/api/v1/flows', 'hello', { 'content-type': 'text/plain' }));
await show('malformed', rt.api('POST', '/api/v1/flows', '{"a":', {}));
await show('flows', rt.api('GET', '/api/v1/flows'));
console.log('polluted', ({} as Record<string, unknown>).polluted);
await rt.stop();
