// Smoke test of the SCIM bench: 20 users through the flow and through the hand-written loop, all created.
import { describe, expect, it } from 'vitest';
import { runScimBench } from '../../bench/scim/scim.bench';

describe('SCIM bench (smoke)', () => {
  it('creates every user through the flow and through the loop', async () => {
    const r = await runScimBench({ users: 20, rounds: 1 });
    expect(r.users).toBe(20);
    expect(r.flowCreated).toBe(20);
    expect(r.loopCreated).toBe(20);
    expect(r.flowUsersPerSec).toBeGreaterThan(0);
    expect(r.loopUsersPerSec).toBeGreaterThan(0);
    expect(Number.isFinite(r.ratio)).toBe(true);
  }, 60_000);
});
