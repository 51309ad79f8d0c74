import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch, FetchBlockedError, isPrivateAddress } from './guarded-fetch';

let url = '';
const server = createServer((req, res) => {
  if (req.url === '/redirect') {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    return;
  }
  res.end('ok');
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
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
});
