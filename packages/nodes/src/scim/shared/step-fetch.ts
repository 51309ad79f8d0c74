/** The calling step's fetch, carried in AsyncLocalStorage so cached SCIM clients use it (server-only). */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<typeof fetch>();

/** Runs `body` with `fetchFn` as the fetch cached clients send through. */
export function withStepFetch<T>(fetchFn: typeof fetch, body: () => Promise<T>): Promise<T> {
  return current.run(fetchFn, body);
}

/** A fetch that delegates to the calling step's fetch (global fetch outside a step). */
export const stepFetch: typeof fetch = (input, init) => (current.getStore() ?? globalThis.fetch)(input, init);
