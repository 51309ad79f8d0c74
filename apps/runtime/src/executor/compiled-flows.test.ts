import { type Flow, flowHash } from '@idflow/engine';
import { createBuiltinCatalog } from '@idflow/nodes';
import { describe, expect, it } from 'vitest';
import { createCompiledFlows } from './compiled-flows';

const flow = (value: string): Flow => ({
  schemaVersion: 1,
  id: 'f',
  name: 'F',
  nodes: [
    { id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 }, config: {} },
    { id: 'map', type: 'transform.map', position: { x: 280, y: 0 }, config: { value } },
  ],
  edges: [{ from: 'start', to: 'map' }],
});

describe('createCompiledFlows', () => {
  const catalog = createBuiltinCatalog();

  it('compiles a version once, even when the store hands out a fresh copy each time', () => {
    const cache = createCompiledFlows(catalog);
    const v1 = flow('=1');
    const hash = flowHash(v1, catalog);
    const first = cache.get('f', hash, structuredClone(v1));
    expect(cache.get('f', hash, structuredClone(v1))).toBe(first);
    expect(first.hash).toBe(hash);
  });

  it('compiles a changed version anew', () => {
    const cache = createCompiledFlows(catalog);
    const v1 = flow('=1');
    const v2 = flow('=2');
    const a = cache.get('f', flowHash(v1, catalog), v1);
    const b = cache.get('f', flowHash(v2, catalog), v2);
    expect(b).not.toBe(a);
    expect(b.flow.nodes[1]?.config).toEqual({ value: '=2' });
    expect(cache.get('f', flowHash(v1, catalog), structuredClone(v1))).toBe(a);
  });
});
