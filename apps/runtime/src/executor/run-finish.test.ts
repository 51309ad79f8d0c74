import type { RunRecord } from '@idflow/engine';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createSecretRegistry } from '../secrets/secret-registry';
import type { Store } from '../store/types';
import { saveFinalRecord } from './run-finish';

const run = (patch: Partial<RunRecord> = {}): RunRecord => ({
  id: 'r1',
  flowId: 'f',
  flowHash: 'h',
  trigger: { kind: 'manual', data: {} },
  status: 'succeeded',
  steps: [],
  ...patch,
});

function setup(failures: number) {
  const saved: Array<{ run: RunRecord; json?: string }> = [];
  let calls = 0;
  const store = {
    listConnections: async () => [],
    listFlows: async () => [],
    saveRun: async (r: RunRecord, json?: string) => {
      calls++;
      if (calls <= failures) throw new Error(`disk full (${calls})`);
      saved.push({ run: r, json: json ?? JSON.stringify(r) });
    },
  } as unknown as Store;
  const lines: string[] = [];
  const log = pino({ level: 'warn' }, { write: (l: string) => lines.push(l) });
  const secrets = createSecretRegistry(store, {} as never, {});
  return { c: { store, secrets, log }, saved, lines, calls: () => calls };
}

describe('saveFinalRecord', () => {
  it('retries a failing save until it is durable', async () => {
    const t = setup(2);
    const out = await saveFinalRecord(t.c, run());
    expect(t.calls()).toBe(3);
    expect(t.saved).toHaveLength(1);
    expect(out.status).toBe('succeeded');
    expect(t.lines.filter((l) => l.includes('retrying'))).toHaveLength(2);
  });

  it('gives up loudly after the last attempt', async () => {
    const t = setup(99);
    await saveFinalRecord(t.c, run());
    expect(t.saved).toHaveLength(0);
    expect(t.lines.some((l) => l.includes('SAVING THE FINAL RUN RECORD FAILED'))).toBe(true);
  }, 15_000);

  it('saves a record that cannot be serialized without its step data, as failed', async () => {
    const t = setup(0);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad = run({
      output: cyclic,
      steps: [{ nodeId: 'a', type: 'transform.set', status: 'succeeded', output: cyclic } as never],
    });
    const out = await saveFinalRecord(t.c, bad);
    expect(t.saved).toHaveLength(1);
    expect(out.status).toBe('failed');
    expect(out.error?.message).toMatch(/could not be saved/);
    expect(out.steps[0]).not.toHaveProperty('output');
    expect(out.steps[0]?.nodeId).toBe('a');
  });
});
