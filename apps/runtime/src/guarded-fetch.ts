/** SSRF guard for outbound calls from flows: host allow-list, optional refusal of private addresses, redirects re-checked. */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

export interface FetchGuardOptions {
  /** Empty: any host. Entries are host names, `*.example.com`, or IP literals. */
  allowHosts: readonly string[];
  denyPrivate: boolean;
  /** Called once per request answered (or failed), for metrics. */
  onCall?: (info: { method: string; url: URL; status: number | 'error' }) => void;
  /**
   * Replaces the connection layer (tests). Without it, calls go through undici with a connection-time DNS lookup that
   * re-applies the checks, so a name cannot answer a public address to the check and a private one to the connection.
   * A custom baseFetch does its own DNS: only the pre-connection check applies to it.
   */
  baseFetch?: typeof fetch;
  /** Resolves a host name to its addresses (default: node:dns lookup, all families). Used by the check and the connection. */
  resolveHost?: (host: string) => Promise<string[]>;
}

export class FetchBlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchBlockedError';
  }
}

const privateRanges = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  privateRanges.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  privateRanges.addSubnet(net, bits, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return privateRanges.check(mapped[1]!, 'ipv4');
  return privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function hostAllowed(host: string, allow: readonly string[]): boolean {
  if (allow.length === 0) return true;
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return allow.some((entry) => {
    const e = entry.toLowerCase();
    return e.startsWith('*.') ? h.endsWith(e.slice(1)) && h.length > e.length - 1 : h === e;
  });
}

const defaultResolve = async (host: string): Promise<string[]> =>
  (await lookup(host, { all: true })).map((a) => a.address);

function assertHostAllowed(host: string, opts: FetchGuardOptions): void {
  if (!hostAllowed(host, opts.allowHosts)) {
    throw new FetchBlockedError(
      `Host ${host} is not in IDFLOW_HTTP_ALLOW_HOSTS: add it there to let flows call it.`,
    );
  }
}

/** Throws FetchBlockedError when denyPrivate is on and any of the addresses is private. */
function assertAddressesAllowed(host: string, addresses: readonly string[], opts: FetchGuardOptions): void {
  if (!opts.denyPrivate) return;
  const bad = addresses.find(isPrivateAddress);
  if (bad !== undefined) {
    throw new FetchBlockedError(
      `Host ${host} resolves to a private address (${bad}); IDFLOW_HTTP_DENY_PRIVATE=true refuses it. Allow-list a public host instead.`,
    );
  }
}

/** Throws FetchBlockedError when the URL may not be called. */
export async function checkUrl(url: URL, opts: FetchGuardOptions): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchBlockedError(`Only http and https URLs may be called, not ${url.protocol}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  assertHostAllowed(host, opts);
  if (!opts.denyPrivate) return;
  assertAddressesAllowed(host, isIP(host) ? [host] : await (opts.resolveHost ?? defaultResolve)(host), opts);
}

/**
 * The socket's DNS lookup: resolves once, checks every address, and hands exactly those addresses to the connection.
 * Literal-IP hosts never reach it (net connects to them directly); checkUrl has checked them.
 */
function guardedLookup(opts: FetchGuardOptions): LookupFunction {
  const resolve = opts.resolveHost ?? defaultResolve;
  return (hostname, options, callback) => {
    const host = hostname.replace(/^\[|\]$/g, '');
    (async () => {
      assertHostAllowed(host, opts);
      const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
      const addresses = (await resolve(host))
        .map((address) => ({ address, family: isIP(address) }))
        .filter((a) => a.family !== 0 && (wanted === 0 || a.family === wanted));
      if (addresses.length === 0) throw new FetchBlockedError(`Host ${host} did not resolve to any address`);
      assertAddressesAllowed(
        host,
        addresses.map((a) => a.address),
        opts,
      );
      return addresses;
    })().then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: Error) => callback(err, ''),
    );
  };
}

/** A fetch whose connections use the addresses the guard checked (no second, unchecked DNS answer). */
function pinnedFetch(opts: FetchGuardOptions): typeof fetch {
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(opts) } });
  const pinned = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    try {
      const res = await undiciFetch(input, {
        ...(init as Parameters<typeof undiciFetch>[1]),
        dispatcher,
      });
      return res as unknown as Response;
    } catch (err) {
      // A refusal at connection time surfaces as the guard's own error, as a refusal before the call does.
      if (err instanceof Error && err.cause instanceof FetchBlockedError) throw err.cause;
      throw err;
    }
  };
  return pinned as typeof fetch;
}

const MAX_REDIRECTS = 5;

/**
 * A fetch that checks every URL (and every redirect hop) before calling it.
 * @example const f = createGuardedFetch({ allowHosts: [], denyPrivate: true }); await f('https://api.example.com')
 */
export function createGuardedFetch(opts: FetchGuardOptions): typeof fetch {
  const base = opts.baseFetch ?? pinnedFetch(opts);
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const fromRequest: RequestInit =
      input instanceof Request
        ? {
            method: input.method,
            headers: input.headers,
            body: input.body ? await input.arrayBuffer() : undefined,
            signal: input.signal,
          }
        : {};
    let currentInit: RequestInit = { ...fromRequest, ...init, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      await checkUrl(url, opts);
      let response: Response;
      try {
        response = await base(url, currentInit);
      } catch (err) {
        opts.onCall?.({ method, url, status: 'error' });
        throw err;
      }
      opts.onCall?.({ method, url, status: response.status });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location || init?.redirect === 'manual')
        return response;
      if (init?.redirect === 'error') throw new TypeError('redirect refused (redirect: "error")');
      if (hop >= MAX_REDIRECTS)
        throw new FetchBlockedError(`More than ${MAX_REDIRECTS} redirects from ${url.href}`);
      const next = new URL(location, url);
      // Credentials never follow a redirect to another origin.
      if (next.origin !== url.origin) {
        const headers = new Headers(currentInit.headers);
        headers.delete('authorization');
        headers.delete('cookie');
        currentInit = { ...currentInit, headers };
      }
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        currentInit = { ...currentInit, method: 'GET', body: undefined };
      }
      await response.body?.cancel();
      url = next;
    }
  };
  return guarded as typeof fetch;
}
