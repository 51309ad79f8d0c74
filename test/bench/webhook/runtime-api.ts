/** The few admin API calls the webhook bench makes: create + enable a flow, set its webhook token, count runs. */

export interface Api {
  url: string;
  token: string;
}

async function call(api: Api, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Creates the flow, enables it and sets its webhook token. */
export async function installFlow(api: Api, flow: { id: string }, webhookToken: string): Promise<void> {
  await call(api, 'POST', '/api/v1/flows', flow);
  await call(api, 'POST', `/api/v1/flows/${flow.id}/enable`);
  await call(api, 'POST', `/api/v1/flows/${flow.id}/webhook/secret`, { secret: webhookToken });
}

/** Counts a flow's runs with these statuses (every page). */
export async function countRuns(api: Api, flowId: string, statuses: string[]): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const qs = new URLSearchParams({ flowId, status: statuses.join(','), limit: '500' });
    if (cursor) qs.set('cursor', cursor);
    const page = (await call(api, 'GET', `/api/v1/runs?${qs}`)) as { items: unknown[]; nextCursor?: string };
    n += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

/** Waits until the flow has no queued or running runs (or the timeout); resolves with how long it waited (ms). */
export async function waitForDrain(api: Api, flowId: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const qs = new URLSearchParams({ flowId, status: 'queued,running', limit: '1' });
    const page = (await call(api, 'GET', `/api/v1/runs?${qs}`)) as { items: unknown[] };
    if (page.items.length === 0) return performance.now() - started;
    if (performance.now() - started > timeoutMs) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 200));
  }
}
