/** Child process: a bare Express 5 app (the runtime's own copy) that parses the JSON and answers the mapped object. */

import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serveParent } from '../support/child';
import { mapUser, type PAYLOAD } from './flows';

interface Req {
  body: typeof PAYLOAD;
}
interface Res {
  json(body: unknown): void;
}
interface App {
  disable(name: string): void;
  post(path: string, ...handlers: Array<(req: Req, res: Res) => void>): void;
  listen(port: number, host: string, cb: () => void): Server;
}
interface ExpressModule {
  (): App;
  json(opts: { limit: string }): (req: Req, res: Res) => void;
}

// The same Express the runtime uses (apps/runtime's dependency), so the baseline differs only in what idflow adds.
const requireFromRuntime = createRequire(
  fileURLToPath(new URL('../../../apps/runtime/package.json', import.meta.url)),
);
const express = requireFromRuntime('express') as ExpressModule;

const app = express();
app.disable('x-powered-by');
app.post('/hooks/:path', express.json({ limit: '1mb' }), (req, res) => {
  res.json(mapUser(req.body));
});
const server = await new Promise<Server>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const { port } = server.address() as AddressInfo;
/** User + system CPU time of this process so far (µs). */
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
serveParent(
  () => ({
    cpuUs: cpuUs(),
    userUs: process.cpuUsage().user,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
  async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  },
);
process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
