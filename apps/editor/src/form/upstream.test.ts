/** Field picker sources: upstream nodes only, trigger fields as `trigger.*`, step fields as `steps.<id>.*`. */
import type { FlowEdge, FlowNode } from '@idflow/engine/model';
import { describe, expect, it } from 'vitest';
import type { NodeTypeInfo } from '../api/schemas';
import { pickGroups, upstreamOf } from './upstream';

const base = { title: 't', category: 'x', description: '', configSchema: {}, outputs: [{ id: 'out' }] };
const types: Record<string, NodeTypeInfo> = {
  'trigger.webhook': {
    ...base,
    type: 'trigger.webhook',
    hasInput: false,
    output: { type: 'object', properties: { body: {}, headers: { type: 'object' } } },
  },
  'scim.createUser': {
    ...base,
    type: 'scim.createUser',
    hasInput: true,
    output: {
      type: 'object',
      properties: { user: { type: 'object', properties: { id: { type: 'string' } } } },
    },
  },
};
const node = (id: string, type: string): FlowNode => ({ id, type, position: { x: 0, y: 0 }, config: {} });
const nodes = [
  node('hook', 'trigger.webhook'),
  node('create-user', 'scim.createUser'),
  node('other', 'scim.createUser'),
  node('end', 'scim.createUser'),
];
const edges: FlowEdge[] = [
  { from: 'hook', to: 'create-user' },
  { from: 'create-user', to: 'end' },
  { from: 'hook', to: 'other' },
];

describe('upstreamOf', () => {
  it('lists transitive predecessors only', () => {
    expect(upstreamOf('end', edges)).toEqual(['create-user', 'hook']);
  });
});

describe('pickGroups', () => {
  it('offers declared output fields with quoted node ids, and last-run fields', () => {
    const groups = pickGroups('end', nodes, edges, (t) => types[t], {
      trigger: { body: { email: 'a@x' } },
      steps: { 'create-user': { user: { id: '1', active: true } } },
    });
    expect(groups.map((g) => g.nodeId)).toEqual(['create-user', 'hook']);
    const step = groups[0]!.fields.map((f) => f.expression);
    expect(step).toContain('=steps.`create-user`.user.id');
    expect(step).toContain('=steps.`create-user`.user.active');
    const trigger = groups[1]!.fields;
    expect(trigger.map((f) => f.expression)).toEqual([
      '=trigger.body',
      '=trigger.headers',
      '=trigger.body.email',
    ]);
    expect(trigger[2]!.fromRun).toBe(true);
  });
});
