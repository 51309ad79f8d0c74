import { describe, expect, it } from 'vitest';
import { type DiffableFlow, diffFlows, diffValues, jsonEqual } from './diff-flows';
import { formatFlowDiff } from './format-diff';

interface TestFlow extends DiffableFlow {
  nodes: { id: string; [key: string]: unknown }[];
  edges: { from: string; fromPort?: string; to: string }[];
}

const base = (): TestFlow => ({
  $schema: '../schema.json',
  schemaVersion: 1,
  id: 'f',
  name: 'F',
  nodes: [
    { id: 'hook', type: 'trigger.webhook', position: { x: 0, y: 0 }, config: { path: 'p' } },
    {
      id: 'find',
      type: 'scim.findUser',
      position: { x: 100, y: 0 },
      config: { connection: 'sandbox', userName: '=trigger.body.email' },
    },
    {
      id: 'check',
      type: 'control.if',
      position: { x: 200, y: 0 },
      config: { condition: '=steps.find.found' },
    },
  ],
  edges: [
    { from: 'hook', to: 'find' },
    { from: 'find', to: 'check' },
  ],
});

describe('diffFlows', () => {
  it('finds nothing between a flow and a reordered copy of itself', () => {
    const b = base();
    b.nodes = [...b.nodes].reverse();
    b.edges = [...b.edges].reverse();
    b.$schema = 'elsewhere.json';
    const diff = diffFlows(base(), b);
    expect(diff.equal).toBe(true);
    expect(formatFlowDiff(diff)).toEqual([]);
  });

  it('reports added and removed nodes and edges, and edge ports', () => {
    const b = base();
    b.nodes = b.nodes.filter((n) => n.id !== 'check');
    b.nodes.push({ id: 'create', type: 'scim.createUser', position: { x: 0, y: 0 }, config: {} });
    b.edges = [
      { from: 'hook', to: 'find' },
      { from: 'find', fromPort: 'error', to: 'create' },
    ];
    const diff = diffFlows(base(), b);
    expect(diff.equal).toBe(false);
    expect(diff.nodes).toMatchObject({ added: ['create'], removed: ['check'], changed: [] });
    expect(diff.edges.added).toEqual([{ from: 'find', fromPort: 'error', to: 'create' }]);
    expect(diff.edges.removed).toEqual([{ from: 'find', fromPort: 'out', to: 'check' }]);
    expect(formatFlowDiff(diff)).toContain('  + edge find:error → create');
  });

  it('names the config fields that changed, with before and after', () => {
    const b = base();
    b.name = 'Renamed';
    const find = b.nodes[1]!;
    find.config = { connection: 'prod', userName: '=trigger.body.email', attributes: ['id'] };
    const diff = diffFlows(base(), b);
    expect(diff.fields).toEqual([{ path: 'name', kind: 'changed', before: 'F', after: 'Renamed' }]);
    expect(diff.nodes.changed).toEqual([
      {
        id: 'find',
        changes: [
          { path: 'config.connection', kind: 'changed', before: 'sandbox', after: 'prod' },
          { path: 'config.attributes', kind: 'added', after: ['id'] },
        ],
      },
    ]);
    expect(formatFlowDiff(diff)).toContain('      ~ config.connection: "sandbox" → "prod"');
  });

  it('can ignore layout-only changes', () => {
    const b = base();
    b.nodes[0] = { ...b.nodes[0]!, position: { x: 5, y: 5 } };
    expect(diffFlows(base(), b).nodes.changed[0]?.changes.map((c) => c.path)).toEqual([
      'position.x',
      'position.y',
    ]);
    expect(diffFlows(base(), b, { ignorePositions: true }).equal).toBe(true);
  });
});

describe('diffValues', () => {
  it('quotes keys that are not identifiers and indexes arrays', () => {
    const urn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    expect(
      diffValues({ user: { [urn]: { department: 'A' } } }, { user: { [urn]: { department: 'B' } } }),
    ).toEqual([{ path: `user["${urn}"].department`, kind: 'changed', before: 'A', after: 'B' }]);
    expect(diffValues({ cases: [1, 2] }, { cases: [1, 3] })).toEqual([
      { path: 'cases[1]', kind: 'changed', before: 2, after: 3 },
    ]);
    expect(diffValues({ cases: [1] }, { cases: [1, 3] })).toEqual([
      { path: 'cases', kind: 'changed', before: [1], after: [1, 3] },
    ]);
  });

  it('compares JSON deeply regardless of key order', () => {
    expect(jsonEqual({ a: 1, b: [{ c: 2 }] }, { b: [{ c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
  });
});
