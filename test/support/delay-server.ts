/** A local HTTP server that answers JSON after a delay (or holds requests until released); counts requests. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DelayServer {
  url: string;
  /** Requests received: method, url, headers, body text. */
  seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;
  /** Sets the delay for later requests; `'hold'` keeps them until release(). */
  setDelay(ms: number | 'hold'): void;
  release(): void;
  close(): Promise<void>;
}

/** Answers `{ method, url, headers, body }` (an echo) after `delay` ms. */
export async function startDelayServer(delay: number | 'hold' = 0): Promise<DelayServer> {
  let current = delay;
  const held: ServerResponse[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const seen: DelayServer['seen'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      const answer = () => {
        if (res.destroyed) return;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(entry));
      };
      if (current === 'hold') {
        held.push(res);
        res.on('close', () => held.splice(held.indexOf(res) >>> 0, 1));
        (res as ServerResponse & { answer?: () => void }).answer = answer;
      } else if (current === 0) answer();
      else {
        const t = setTimeout(() => {
          timers.delete(t);
          answer();
        }, current);
        timers.add(t);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const releaseAll = () => {
    for (const res of held.splice(0)) (res as ServerResponse & { answer?: () => void }).answer?.();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    setDelay(ms) {
      current = ms;
    },
    release() {
      current = 0;
      releaseAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        current = 0;
        releaseAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
