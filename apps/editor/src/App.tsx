/** App shell: sign-in gate, top bar, hash routes; the canvas route is loaded lazily (its own chunk). */
import { lazy, Suspense, useEffect, useMemo, useSyncExternalStore } from 'react';
import { prefetchFlow } from './api/flows';
import { getToken, onSessionChange, signOut } from './api/session';
import { ConnectionsPage } from './pages/ConnectionsPage';
import { FlowsPage } from './pages/FlowsPage';
import { SignIn } from './pages/SignIn';
import { href, parseRoute, useHash } from './router';
import { useCatalog } from './store/catalogStore';

const loadCanvas = () => import('./pages/CanvasPage');
const CanvasPage = lazy(loadCanvas);

function useToken(): string | null {
  return useSyncExternalStore(onSessionChange, getToken);
}

export function App() {
  const token = useToken();
  const hash = useHash();
  const route = useMemo(() => parseRoute(hash), [hash]);
  const loadCatalog = useCatalog((s) => s.load);

  useEffect(() => {
    if (!token) return;
    // Opening a flow directly: fetch the canvas chunk and the flow alongside the catalog, not after it.
    const first = parseRoute(window.location.hash);
    if (first.page === 'flow') {
      prefetchFlow(first.id);
      void loadCanvas();
    }
    void loadCatalog(true);
  }, [token, loadCatalog]);

  if (!token) return <SignIn />;

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/flows">
          idflow
        </a>
        <nav>
          <a
            href={href({ page: 'flows' })}
            className={route.page !== 'connections' ? 'active' : ''}
            data-testid="nav-flows"
          >
            Flows
          </a>
          <a
            href={href({ page: 'connections' })}
            className={route.page === 'connections' ? 'active' : ''}
            data-testid="nav-connections"
          >
            Connections
          </a>
        </nav>
        <button type="button" className="btn ghost" onClick={signOut} data-testid="sign-out">
          Sign out
        </button>
      </header>
      <main className="main">
        {route.page === 'flows' && <FlowsPage />}
        {route.page === 'connections' && <ConnectionsPage />}
        {route.page === 'flow' && (
          <Suspense fallback={<div className="loading">Loading editor…</div>}>
            <CanvasPage key={route.id} flowId={route.id} runId={route.runId} />
          </Suspense>
        )}
      </main>
    </div>
  );
}
