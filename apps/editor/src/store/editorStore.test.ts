/** Editor store actions: add, connect (with refusal), delete, copy/paste, duplicate, undo/redo, auto-layout. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { NodeTypeInfo } from '../api/schemas';
import { useCatalog } from './catalogStore';
import { useEditor } from './editorStore';

const base = { title: 't', category: 'x', description: '', output: {} };
const TYPES: NodeTypeInfo[] = [
  {
    ...base,
    type: 'trigger.webhook',
    category: 'trigger',
    hasInput: false,
    outputs: [{ id: 'out' }],
    configSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
  {
    ...base,
    type: 'scim.createUser',
    hasInput: true,
    outputs: [{ id: 'out' }],
    configSchema: { type: 'object' },
  },
];

const s = () => useEditor.getState();
const ids = () => s().nodes.map((n) => n.id);

beforeEach(() => {
  useCatalog.getState().setTypes(TYPES);
  s().load({ flow: { schemaVersion: 1, id: 'demo', name: 'Demo', nodes: [], edges: [] }, version: 1 });
});

describe('editor store', () => {
  it('adds nodes with unique ids, prefilled trigger path, and links after the selected node', () => {
    const hook = s().addNode('trigger.webhook', { x: 0.4, y: 0 })!;
    expect(s().nodes[0]!.data.node.config).toEqual({ path: 'demo' });
    s().select([hook]);
    s().addNode('scim.createUser');
    s().select(['create-user']);
    s().addNode('scim.createUser');
    expect(ids()).toEqual(['webhook', 'create-user', 'create-user-2']);
    expect(s().toFlow().edges).toEqual([
      { from: 'webhook', to: 'create-user' },
      { from: 'create-user', to: 'create-user-2' },
    ]);
    expect(s().toFlow().nodes[0]!.position).toEqual({ x: 0, y: 0 });
    expect(s().dirty).toBe(true);
    expect(s().addNode('trigger.webhook')).toBeNull();
  });

  it('refuses a cycle with a notice and keeps the edges', () => {
    s().addNode('scim.createUser', { x: 0, y: 0 });
    s().addNode('scim.createUser', { x: 300, y: 0 });
    expect(s().connect({ source: 'create-user', sourceHandle: 'out', target: 'create-user-2' })).toBe(true);
    expect(s().connect({ source: 'create-user-2', sourceHandle: 'out', target: 'create-user' })).toBe(false);
    expect(s().notice?.text).toMatch(/cycle/);
    expect(s().edges).toHaveLength(1);
  });

  it('copies, pastes and duplicates with fresh ids and inner edges; undo and redo restore the graph', () => {
    s().addNode('scim.createUser', { x: 0, y: 0 });
    s().addNode('scim.createUser', { x: 300, y: 0 });
    s().connect({ source: 'create-user', sourceHandle: 'out', target: 'create-user-2' });
    s().select(['create-user', 'create-user-2']);
    s().copy();
    s().paste();
    expect(ids()).toEqual(['create-user', 'create-user-2', 'create-user-3', 'create-user-4']);
    expect(s().toFlow().edges).toContainEqual({ from: 'create-user-3', to: 'create-user-4' });
    expect(s().nodes[2]!.position).toEqual({ x: 40, y: 40 });
    s().select(['create-user']);
    s().duplicate();
    expect(ids()).toHaveLength(5);
    s().undo();
    expect(ids()).toHaveLength(4);
    s().undo();
    expect(ids()).toHaveLength(2);
    s().redo();
    expect(ids()).toHaveLength(4);
  });

  it('deletes selected nodes with their edges', () => {
    s().addNode('scim.createUser', { x: 0, y: 0 });
    s().addNode('scim.createUser', { x: 300, y: 0 });
    s().connect({ source: 'create-user', sourceHandle: 'out', target: 'create-user-2' });
    s().select(['create-user']);
    s().removeSelected();
    expect(ids()).toEqual(['create-user-2']);
    expect(s().edges).toEqual([]);
  });

  it('auto-layout places nodes left to right on integer positions', () => {
    s().addNode('scim.createUser', { x: 500, y: 500 });
    s().addNode('scim.createUser', { x: 0, y: 0 });
    s().connect({ source: 'create-user', sourceHandle: 'out', target: 'create-user-2' });
    s().autoLayout();
    const [a, b] = s().toFlow().nodes;
    expect(a!.position.x).toBeLessThan(b!.position.x);
    for (const n of [a!, b!])
      expect(Number.isInteger(n.position.x) && Number.isInteger(n.position.y)).toBe(true);
  });

  it('restores another version as unsaved changes on the same If-Match base, undoable', () => {
    s().addNode('trigger.webhook', { x: 0, y: 0 });
    s().markSaved({ flow: s().toFlow(), version: 4 });
    const old = {
      schemaVersion: 1 as const,
      id: 'demo',
      name: 'Demo v1',
      nodes: [{ id: 'old', type: 'scim.createUser', position: { x: 5, y: 5 }, config: { a: 1 } }],
      edges: [],
    };
    expect(s().restoreFlow({ ...old, id: 'other' })).toBe(false);
    expect(s().dirty).toBe(false);
    expect(s().restoreFlow(old)).toBe(true);
    expect(s().toFlow()).toEqual(old);
    expect(s()).toMatchObject({ dirty: true, version: 4 });
    s().undo();
    expect(ids()).toEqual(['webhook']);
    expect(s().meta?.name).toBe('Demo');
    s().redo();
    expect(s().toFlow()).toEqual(old);
  });

  it('leaves the flow name alone when undoing an ordinary step', () => {
    s().addNode('trigger.webhook', { x: 0, y: 0 });
    s().renameFlow('Renamed');
    s().undo();
    expect(ids()).toEqual([]);
    expect(s().meta?.name).toBe('Renamed');
  });
});
