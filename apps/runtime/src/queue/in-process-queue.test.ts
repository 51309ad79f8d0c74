import { describe, expect, it } from 'vitest';
import { createInProcessQueue } from './in-process-queue';
import { QueueFullError } from './run-queue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('in-process run queue', () => {
  it('honours global and per-flow limits, bounds the backlog, cancels and drains', async () => {
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const started: string[] = [];
    const aborted: string[] = [];
    const q = createInProcessQueue({
      maxConcurrent: 2,
      maxPerFlow: 1,
      maxDepth: 3,
      worker: async (runId, signal) => {
        started.push(runId);
        const g = deferred();
        gates.set(runId, g);
        signal.addEventListener('abort', () => {
          aborted.push(runId);
          g.resolve();
        });
        await g.promise;
      },
    });
    q.enqueue('a1', 'a');
    q.enqueue('a2', 'a');
    q.enqueue('b1', 'b');
    q.enqueue('b2', 'b');
    await Promise.resolve();
    expect(started).toEqual(['a1', 'b1']);
    expect(q.depth()).toBe(2);
    q.enqueue('c1', 'c');
    expect(() => q.enqueue('c2', 'c')).toThrow(QueueFullError);
    expect(q.cancel('c1')).toBe('removed');
    expect(q.cancel('a1')).toBe('aborted');
    expect(q.cancel('zz')).toBe('unknown');
    await new Promise((r) => setTimeout(r, 0));
    expect(aborted).toEqual(['a1']);
    expect(started).toEqual(['a1', 'b1', 'a2']);
    const drained = q.drain(1000);
    gates.get('b1')!.resolve();
    gates.get('a2')!.resolve();
    expect(await drained).toBe(true);
    expect(started).not.toContain('b2');
  });

  it('reserves backlog slots before the caller saves, re-queues forced runs, and starts the oldest run first', async () => {
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const started: string[] = [];
    const q = createInProcessQueue({
      maxConcurrent: 1,
      maxPerFlow: 1,
      maxDepth: 2,
      worker: async (runId) => {
        started.push(runId);
        const g = deferred();
        gates.set(runId, g);
        await g.promise;
      },
    });
    q.enqueue('a1', 'a');
    await Promise.resolve();
    const release = q.reserve!();
    q.enqueue('b1', 'b');
    // One waiting + one reserved = the bound: neither a reservation nor a plain enqueue fits.
    expect(() => q.reserve!()).toThrow(QueueFullError);
    expect(() => q.enqueue('b2', 'b')).toThrow(QueueFullError);
    q.enqueue('a2', 'a', undefined, { reserved: true });
    release();
    release(); // idempotent
    expect(q.depth()).toBe(2);
    q.enqueue('c1', 'c', undefined, { force: true });
    expect(q.depth()).toBe(3);
    for (const expected of ['b1', 'a2', 'c1']) {
      gates.get(started.at(-1)!)!.resolve();
      await new Promise((r) => setTimeout(r, 0));
      expect(started.at(-1)).toBe(expected);
    }
    gates.get('c1')!.resolve();
    expect(await q.drain(1000)).toBe(true);
    expect(started).toEqual(['a1', 'b1', 'a2', 'c1']);
  });
});
