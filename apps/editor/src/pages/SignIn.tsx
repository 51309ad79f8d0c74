/** Sign-in: the admin token is checked against GET /api/v1/flows and kept in sessionStorage for this tab. */
import { type FormEvent, useState } from 'react';
import { describeError } from '../api/client';
import { listFlows } from '../api/flows';
import { setToken } from '../api/session';

export function SignIn() {
  const [token, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await listFlows(token.trim());
      setToken(token.trim());
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="card signin-card" onSubmit={submit} data-testid="signin-form">
        <h1>idflow</h1>
        <p className="muted">Sign in with the runtime's admin token.</p>
        <label className="field">
          <span>Admin token</span>
          <input
            type="password"
            autoComplete="current-password"
            value={token}
            onChange={(e) => setValue(e.target.value)}
            data-testid="signin-token"
            required
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="signin-error">
            {error}
          </p>
        )}
        <button
          type="submit"
          className="btn primary"
          disabled={busy || !token.trim()}
          data-testid="signin-submit"
        >
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
