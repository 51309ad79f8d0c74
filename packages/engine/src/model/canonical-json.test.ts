import { describe, expect, it } from 'vitest';
import { makeFlow, testCatalogTypes } from '../testing/test-kit';
import { flowHash, toCanonicalJson } from './canonical-json';
import { createCatalog } from './catalog';
import { FlowSchema } from './flow-schema';

const catalog = createCatalog(testCatalogTypes());
const flow = makeFlow(
  [
    { id: 'start', type: 'trigger.manual' },
    { id: 'a', name: 'A', config: { port: 'out', value: { z: 1, a: '=x', m: [3, { b: 1, a: 2 }] } } },
  ],
  ['start->a'],
  { description: 'd', settings: { concurrency: 2 } },
);

describe('toCanonicalJson', () => {
  it('orders keys by schema, config by the node type schema, unknown config keys sorted', () => {
    const text = toCanonicalJson(flow, catalog);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual([
      'schemaVersion',
      'id',
      'name',
      'description',
      'settings',
      'nodes',
      'edges',
    ]);
    expect(Object.keys(parsed.nodes[1])).toEqual(['id', 'type', 'name', 'position', 'config']);
    expect(Object.keys(parsed.nodes[1].config)).toEqual(['value', 'port']);
    expect(Object.keys(parsed.nodes[1].config.value)).toEqual(['a', 'm', 'z']);
    expect(text).toContain('    {\n      "id": "start",');
  });

  it('round-trips byte-identically', () => {
    const text = toCanonicalJson(flow, catalog);
    const again = toCanonicalJson(FlowSchema.parse(JSON.parse(text)), catalog);
    expect(again).toBe(text);
  });

  it('moving a node changes exactly one line, and the hash', () => {
    const before = toCanonicalJson(flow, catalog).split('\n');
    const moved = structuredClone(flow);
    moved.nodes[1]!.position = { x: 999, y: -40 };
    const after = toCanonicalJson(moved, catalog).split('\n');
    expect(after.length).toBe(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual([
      '      "position": { "x": 999, "y": -40 },',
    ]);
    expect(flowHash(moved, catalog)).not.toBe(flowHash(flow, catalog));
    expect(flowHash(flow, catalog)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('throws a RangeError naming the path for a flow nested too deep, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const bad = makeFlow(
      [
        { id: 'start', type: 'trigger.manual' },
        { id: 'a', config: { value: deep } },
      ],
      ['start->a'],
    );
    expect(() => toCanonicalJson(bad as never, catalog)).toThrow(
      /nodes\[1\]\.config\.value\.a.*nested deeper than 64/,
    );
  });
});
