/** The admin token, kept in sessionStorage for this tab only, and the sign-out signal a 401 raises. */
const KEY = 'idflow.adminToken';

type Listener = () => void;
const listeners = new Set<Listener>();

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token);
  for (const l of listeners) l();
}

/** Forgets the token and tells the app to show the sign-in screen. */
export function signOut(): void {
  sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
