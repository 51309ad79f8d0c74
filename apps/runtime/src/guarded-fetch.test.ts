import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch, FetchBlockedError, isPrivateAddress } from './guarded-fetch';

let url = '';
let port = 0;
let connections = 0;
const server = createServer((req, res) => {
  if (req.url === '/redirect') {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    return;
  }
  res.end('ok');
});
server.on('connection', () => {
  connections++;
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  url = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('guarded fetch', () => {
  it('classifies private addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:10.0.0.1',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '2606:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('allows everything by default and refuses private hosts when asked', async () => {
    const open = createGuardedFetch({ allowHosts: [], denyPrivate: false });
    expect(await (await open(url)).text()).toBe('ok');
    const strict = createGuardedFetch({ allowHosts: [], denyPrivate: true });
    await expect(strict(url)).rejects.toBeInstanceOf(FetchBlockedError);
  });

  it('enforces the allow-list and re-checks redirects', async () => {
    const listed = createGuardedFetch({ allowHosts: ['127.0.0.1'], denyPrivate: false });
    expect((await listed(url)).status).toBe(200);
    await expect(listed(`${url}/redirect`)).rejects.toThrow(/not in IDFLOW_HTTP_ALLOW_HOSTS/);
    const other = createGuardedFetch({ allowHosts: ['*.example.com'], denyPrivate: false });
    await expect(other(url)).rejects.toBeInstanceOf(FetchBlockedError);
  });

  it('connects to the address the resolver answered, not to a second DNS answer', async () => {
    // `.invalid` never resolves in real DNS: the call can only reach the server through the injected answer.
    const asked: string[] = [];
    const pinned = createGuardedFetch({
      allowHosts: [],
      denyPrivate: false,
      resolveHost: async (host) => {
        asked.push(host);
        return ['127.0.0.1'];
      },
    });
    const before = connections;
    expect(await (await pinned(`http://pinned.invalid:${port}/`)).text()).toBe('ok');
    expect(connections).toBe(before + 1);
    expect(asked).toEqual(['pinned.invalid']);
  });

  it('refuses a rebinding name that answers public to the check and loopback to the connection', async () => {
    let calls = 0;
    const answers: string[][] = [];
    const rebinding = createGuardedFetch({
      allowHosts: [],
      denyPrivate: true,
      resolveHost: async () => {
        const answer = calls++ === 0 ? ['203.0.113.10'] : ['127.0.0.1'];
        answers.push(answer);
        return answer;
      },
    });
    // `localhost` really resolves to loopback: a fetch that did its own DNS would reach the server and count a connection.
    const before = connections;
    const failure = rebinding(`http://localhost:${port}/`);
    await expect(failure).rejects.toBeInstanceOf(FetchBlockedError);
    await expect(failure).rejects.toThrow(/localhost resolves to a private address \(127\.0\.0\.1\)/);
    // The check saw the public answer; the connection's own lookup saw loopback and was refused.
    expect(answers).toEqual([['203.0.113.10'], ['127.0.0.1']]);
    expect(connections).toBe(before);
  });

  it('refuses a name when any one of its addresses is private', async () => {
    const mixed = createGuardedFetch({
      allowHosts: [],
      denyPrivate: true,
      resolveHost: async () => ['203.0.113.10', '169.254.169.254'],
    });
    const before = connections;
    await expect(mixed(`http://mixed.invalid:${port}/`)).rejects.toThrow(
      /private address \(169\.254\.169\.254\)/,
    );
    expect(connections).toBe(before);
  });

  it('reports a connection-time refusal through onCall as an error', async () => {
    let calls = 0;
    const seen: Array<number | 'error'> = [];
    const rebinding = createGuardedFetch({
      allowHosts: [],
      denyPrivate: true,
      resolveHost: async () => (calls++ === 0 ? ['203.0.113.10'] : ['127.0.0.1']),
      onCall: ({ status }) => seen.push(status),
    });
    await expect(rebinding(`http://localhost:${port}/`)).rejects.toBeInstanceOf(FetchBlockedError);
    expect(seen).toEqual(['error']);
  });
});
