/** Edge refusal: self-loops, cycles, edges into triggers, unknown ports and duplicates are refused with a reason. */
import type { FlowEdge, FlowNode } from '@idflow/engine/model';
import { describe, expect, it } from 'vitest';
import type { NodeTypeInfo } from '../api/schemas';
import { checkConnection, wouldCycle } from './edgeRules';

const base = { title: 't', category: 'x', description: '', configSchema: {}, output: {} };
const types: Record<string, NodeTypeInfo> = {
  'trigger.webhook': {
    ...base,
    type: 'trigger.webhook',
    outputs: [{ id: 'out' }],
    hasInput: false,
    trigger: 'webhook',
  },
  'control.if': { ...base, type: 'control.if', outputs: [{ id: 'true' }, { id: 'false' }], hasInput: true },
  'scim.createUser': { ...base, type: 'scim.createUser', outputs: [{ id: 'out' }], hasInput: true },
};
const typeOf = (t: string) => types[t];
const node = (id: string, type: string, extra: Partial<FlowNode> = {}): FlowNode => ({
  id,
  type,
  position: { x: 0, y: 0 },
  config: {},
  ...extra,
});
const nodes = [
  node('hook', 'trigger.webhook'),
  node('if', 'control.if'),
  node('a', 'scim.createUser'),
  node('b', 'scim.createUser', { errorPort: true }),
];
const edges: FlowEdge[] = [
  { from: 'hook', to: 'if' },
  { from: 'if', fromPort: 'true', to: 'a' },
  { from: 'a', to: 'b' },
];
const check = (source: string, sourceHandle: string, target: string) =>
  checkConnection({ source, sourceHandle, target }, nodes, edges, typeOf);

describe('checkConnection', () => {
  it('accepts a valid edge and omits the default port', () => {
    expect(check('if', 'false', 'b')).toEqual({ ok: true, edge: { from: 'if', fromPort: 'false', to: 'b' } });
    expect(check('hook', 'out', 'a')).toEqual({ ok: true, edge: { from: 'hook', to: 'a' } });
  });

  it('refuses an edge that closes a cycle, naming both nodes', () => {
    const v = check('b', 'out', 'if');
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(/cycle.*|"b".*"if"/);
  });

  it('refuses a self-loop', () => {
    expect(check('a', 'out', 'a')).toMatchObject({ ok: false, reason: expect.stringMatching(/itself/) });
  });

  it('refuses an edge into a trigger', () => {
    expect(check('a', 'out', 'hook')).toMatchObject({ ok: false, reason: expect.stringMatching(/trigger/) });
  });

  it('refuses a port the source does not have, and allows error only with errorPort', () => {
    expect(check('if', 'out', 'b')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no output port "out"/),
    });
    expect(check('a', 'error', 'b').ok).toBe(false);
    expect(check('b', 'error', 'if').ok).toBe(false); // cycle b → if → a → b
    expect(
      checkConnection(
        { source: 'b', sourceHandle: 'error', target: 'x' },
        [...nodes, node('x', 'scim.createUser')],
        edges,
        typeOf,
      ).ok,
    ).toBe(true);
  });

  it('refuses a duplicate edge', () => {
    expect(check('a', 'out', 'b')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already connected/),
    });
  });
});

describe('wouldCycle', () => {
  it('finds reachability through several hops', () => {
    expect(wouldCycle(edges, 'b', 'hook')).toBe(true);
    expect(wouldCycle(edges, 'hook', 'b')).toBe(false);
  });
});
