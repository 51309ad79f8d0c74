import type { Flow } from '@idflow/engine/model';
import { describe, expect, it } from 'vitest';
import {
  diffFlows,
  diffSummary,
  edgeLabel,
  formatValue,
  isEmptyDiff,
  nodeLabel,
  sameValue,
} from './flowDiff';

const base: Flow = {
  schemaVersion: 1,
  id: 'onboard',
  name: 'Onboard',
  nodes: [
    { id: 'hook', type: 'trigger.webhook', position: { x: 0, y: 0 }, config: { path: 'hire' } },
    {
      id: 'create',
      type: 'scim.createUser',
      name: 'Create user',
      position: { x: 300, y: 0 },
      config: { connection: 'sandbox', user: { userName: '=trigger.body.email', active: true } },
    },
    { id: 'respond', type: 'flow.respond', position: { x: 600, y: 0 }, config: { status: 201 } },
  ],
  edges: [
    { from: 'hook', to: 'create' },
    { from: 'create', to: 'respond' },
  ],
};

const clone = (f: Flow): Flow => structuredClone(f);

describe('diffFlows', () => {
  it('finds nothing between equal flows, whatever the key order', () => {
    const same = clone(base);
    same.nodes[1]!.config = {
      user: { active: true, userName: '=trigger.body.email' },
      connection: 'sandbox',
    };
    const d = diffFlows(base, same);
    expect(isEmptyDiff(d)).toBe(true);
    expect(diffSummary(d)).toBe('no changes');
  });

  it('lists config fields changed with old and new values, by node id and name', () => {
    const after = clone(base);
    after.nodes[1]!.config = { connection: 'prod', user: { userName: '=trigger.body.mail', active: true } };
    const d = diffFlows(base, after);
    expect(d.nodesChanged).toEqual([
      {
        id: 'create',
        name: 'Create user',
        type: 'scim.createUser',
        changes: [
          { path: 'config.connection', before: 'sandbox', after: 'prod' },
          { path: 'config.user.userName', before: '=trigger.body.email', after: '=trigger.body.mail' },
        ],
      },
    ]);
    expect(d.nodesAdded).toEqual([]);
    expect(d.nodesRemoved).toEqual([]);
    expect(isEmptyDiff(d)).toBe(false);
  });

  it('reports a field that appears or disappears with undefined on the missing side', () => {
    const after = clone(base);
    after.nodes[2]!.config = { status: 201, body: '=steps.create.user.id' };
    after.nodes[0]!.config = {};
    const d = diffFlows(base, after);
    expect(d.nodesChanged.map((n) => [n.id, n.changes])).toEqual([
      ['hook', [{ path: 'config.path', before: 'hire', after: undefined }]],
      ['respond', [{ path: 'config.body', before: undefined, after: '=steps.create.user.id' }]],
    ]);
  });

  it('compares arrays as whole values and reports renames and moves as changes, not remove + add', () => {
    const before = clone(base);
    before.nodes[1]!.config.groups = ['a', 'b'];
    const after = clone(before);
    after.nodes[1]!.config.groups = ['a', 'c'];
    after.nodes[1]!.name = 'Create account';
    after.nodes[1]!.position = { x: 320, y: 0 };
    const d = diffFlows(before, after);
    expect(d.nodesChanged[0]!.changes).toEqual([
      // A move is one change, like the one line it is in the canonical file.
      { path: 'position', before: { x: 300, y: 0 }, after: { x: 320, y: 0 } },
      { path: 'config.groups', before: ['a', 'b'], after: ['a', 'c'] },
      { path: 'name', before: 'Create user', after: 'Create account' },
    ]);
    expect(d.nodesAdded.length + d.nodesRemoved.length).toBe(0);
  });

  it('lists nodes and edges added and removed, and flow-level fields', () => {
    const after = clone(base);
    after.name = 'Onboard v2';
    after.nodes = after.nodes.filter((n) => n.id !== 'respond');
    after.nodes.push({ id: 'notify', type: 'http.request', position: { x: 600, y: 200 }, config: {} });
    after.edges = [
      { from: 'hook', to: 'create' },
      { from: 'create', fromPort: 'error', to: 'notify' },
    ];
    const d = diffFlows(base, after);
    expect(d.flow).toEqual([{ path: 'name', before: 'Onboard', after: 'Onboard v2' }]);
    expect(d.nodesAdded).toEqual([{ id: 'notify', name: undefined, type: 'http.request' }]);
    expect(d.nodesRemoved).toEqual([{ id: 'respond', name: undefined, type: 'flow.respond' }]);
    expect(d.edgesAdded).toEqual([{ from: 'create', fromPort: 'error', to: 'notify' }]);
    expect(d.edgesRemoved).toEqual([{ from: 'create', to: 'respond' }]);
    expect(diffSummary(d)).toBe(
      '1 flow field changed, 1 node added, 1 node removed, 1 edge added, 1 edge removed',
    );
  });

  it('treats an omitted port and "out" as the same edge', () => {
    const after = clone(base);
    after.edges[0] = { from: 'hook', fromPort: 'out', to: 'create' };
    expect(diffFlows(base, after).edgesAdded).toEqual([]);
  });
});

describe('labels', () => {
  it('formats values, nodes and edges for one line of text', () => {
    expect(formatValue(undefined)).toBe('(none)');
    expect(formatValue('x')).toBe('"x"');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue('x'.repeat(200), 10)).toBe(`"${'x'.repeat(8)}…`);
    expect(nodeLabel({ id: 'create', name: 'Create user', type: 't' })).toBe('create (Create user)');
    expect(nodeLabel({ id: 'create', type: 't' })).toBe('create');
    expect(edgeLabel({ from: 'a', to: 'b' })).toBe('a → b');
    expect(edgeLabel({ from: 'a', fromPort: 'error', to: 'b' })).toBe('a [error] → b');
    expect(sameValue([1, { a: 2 }], [1, { a: 2 }])).toBe(true);
    expect(sameValue([1], [1, 2])).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});
