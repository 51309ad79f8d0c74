/** Hash routing (#/flows, #/flows/:id, #/connections): static serving needs no server rewrites. */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'flows' }
  | { page: 'flow'; id: string; runId?: string }
  | { page: 'connections' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const [pathname = '', query = ''] = path.split('?');
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'flows' && parts[1]) {
    const runId = new URLSearchParams(query).get('run') ?? undefined;
    return { page: 'flow', id: parts[1], runId };
  }
  if (parts[0] === 'connections') return { page: 'connections' };
  return { page: 'flows' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'flows':
      return '#/flows';
    case 'connections':
      return '#/connections';
    case 'flow':
      return `#/flows/${encodeURIComponent(route.id)}${route.runId ? `?run=${encodeURIComponent(route.runId)}` : ''}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
