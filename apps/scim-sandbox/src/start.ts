// startSandbox: creates the app and listens on host:port (port 0 = random), returning URLs and a close function.
import type { AddressInfo } from 'node:net';
import { createSandboxApp } from './app';
import { SCIM_PREFIX } from './http';
import type { SandboxOptions } from './options';
import type { SandboxStore, SandboxStoreImpl } from './store';

export interface StartOptions extends SandboxOptions {
  /** TCP port; 0 (the default here) picks a random free port. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
}

export interface RunningSandbox {
  /** SCIM base URL including `/scim/v2`, e.g. `http://127.0.0.1:8090/scim/v2`. */
  url: string;
  /** `http://host:port`, where `/hr/*` lives. */
  origin: string;
  port: number;
  store: SandboxStore;
  close(): Promise<void>;
}

/**
 * Starts the sandbox on 127.0.0.1 (by default) and resolves once it listens.
 * @example const sandbox = await startSandbox({ token: 't', port: 0 }); await fetch(`${sandbox.url}/Users`, …)
 */
export async function startSandbox(options: StartOptions): Promise<RunningSandbox> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const { app, store } = createSandboxApp(rest);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const actual = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
  const url = `${origin}${SCIM_PREFIX}`;
  (store as SandboxStoreImpl).baseUrl = url;
  return {
    url,
    origin,
    port: actual,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
