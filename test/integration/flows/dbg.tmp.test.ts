import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { it } from 'vitest';
import { startRuntime } from '../../../apps/runtime/src/index';
it('dbg', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'dbg-'));
  const admin = 'flows-test-admin-token-0123456789';
  const rt = await startRuntime({ port: 0, dataDir: join(tmp, 'data'), adminToken: admin }, { logStream: new Writable({ write: (_c, _e, d) => d() }) });
  const out = await new Promise<string>((resolve) => execFile(process.execPath, ['packages/cli/bin/idflow.mjs', 'import', 'flows', '--enable', '--server', rt.url, '--token', admin], (e, so, se) => resolve(so + se)));
  console.log(out);
  const r = await fetch(`${rt.url}/api/v1/flows`, { headers: { authorization: `Bearer ${admin}` } });
  console.log(JSON.stringify((await r.json()).items.map((i: any) => [i.id, i.enabled, i.trigger])));
  await rt.close();
}, 60000);
