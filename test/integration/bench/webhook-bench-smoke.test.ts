// Smoke test of the webhook bench (keeps the script working): a second of load per pass, every answer a 2xx, every
// accepted run finished. No speed is asserted here; `npm run bench` measures that.
import { describe, expect, it } from 'vitest';
import { runWebhookBench } from '../../bench/webhook/webhook.bench';

describe('webhook bench (smoke)', () => {
  it('loads the baseline and both runtime modes; every accepted run finishes', async () => {
    const r = await runWebhookBench({ durationSec: 1, warmupSec: 0, connections: 4 });
    expect(r.baseline.reqPerSec).toBeGreaterThan(0);
    expect(r.onCompletion.ok).toBeGreaterThan(0);
    expect(r.onCompletion.non2xx).toBe(0);
    expect(r.accepted.ok).toBeGreaterThan(0);
    expect(r.accepted.check).toMatchObject({ failed: 0, pending: 0 });
    expect(r.accepted.check.succeeded).toBeGreaterThanOrEqual(r.accepted.check.accepted);
  }, 90_000);
});
