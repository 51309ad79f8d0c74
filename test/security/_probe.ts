import { startInProc } from '../support/runtime-inproc';
const rt = await startInProc();
for (const depth of [100, 500, 1000, 2000, 3000]) {
let deepo = '1'; for (let i = 0; i < depth; i++) deepo = `{"a":${deepo}}`;
const r = await rt.api('POST', '/api/v1/flows', `{"schemaVersion":1,"id":"x${depth}","name":"n","nodes":[{"id":"start","type":"trigger.manual","position":{"x":0,"y":0},"config":{"a":${deepo}}}],"edges":[]}`);
console.log(depth, r.status, r.text.slice(0, 200));
}
let deepa = '1'; for (let i = 0; i < 3000; i++) deepa = `[${deepa}]`;
const r2 = await rt.api('POST', '/api/v1/flows', `{"schemaVersion":1,"id":"y","name":"n","nodes":[{"id":"start","type":"trigger.manual","position":{"x":0,"y":0},"config":{"a":${deepa}}}],"edges":[]}`);
console.log('arr', r2.status, r2.text.slice(0, 200));
const r3 = await rt.api('POST', '/api/v1/flows/validate', `{"schemaVersion":1,"id":"y","name":"n","nodes":[{"id":"start","type":"trigger.manual","position":{"x":0,"y":0},"config":{"a":${deepa}}}],"edges":[]}`);
console.log('validate', r3.status, r3.text.slice(0, 200));
const r4 = await rt.api('POST', '/api/v1/connections', `{"name":"c","kind":"http","baseUrl":"http://x.example","auth":{"type":"none"},"options":{"a":${deepa}}}`);
console.log('conn', r4.status, r4.text.slice(0, 200));
console.log(rt.logs.filter((l) => l.includes('"level":50')).map((l) => l.slice(0, 1500)).join('\n'));
await rt.stop();
