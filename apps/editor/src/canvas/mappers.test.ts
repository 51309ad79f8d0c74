/** flow ⇄ React Flow mappers: a round trip is lossless and positions stay integers. */
import type { Flow } from '@idflow/engine/model';
import { describe, expect, it } from 'vitest';
import { edgeToLink, flowToGraph, graphToFlow } from './mappers';

const flow: Flow = {
  $schema: '../packages/engine/schema/flow.schema.json',
  schemaVersion: 1,
  id: 'onboard',
  name: 'Onboard',
  description: 'desc',
  nodes: [
    { id: 'hire', type: 'trigger.webhook', position: { x: 0, y: 0 }, config: { path: 'new-hire' } },
    {
      id: 'exists',
      type: 'control.if',
      name: 'Exists?',
      position: { x: 280, y: 10 },
      config: { condition: '=steps.find.found' },
      retry: {
        attempts: 3,
        initialDelayMs: 500,
        maxDelayMs: 30000,
        multiplier: 2,
        jitter: true,
        retryOn: ['5xx'],
      },
      notes: 'n',
    },
    {
      id: 'create',
      type: 'scim.createUser',
      position: { x: 560, y: 80 },
      config: { user: { userName: 'x' } },
      errorPort: true,
    },
  ],
  edges: [
    { from: 'hire', to: 'exists' },
    { from: 'exists', fromPort: 'false', to: 'create' },
    { from: 'create', fromPort: 'out', to: 'exists' },
  ],
};

describe('flowToGraph / graphToFlow', () => {
  it('round-trips a flow to the same JSON text', () => {
    const { meta, nodes, edges } = flowToGraph(flow);
    expect(JSON.stringify(graphToFlow(meta, nodes, edges))).toBe(JSON.stringify(flow));
  });

  it('maps nodes and edges to React Flow shapes', () => {
    const { nodes, edges } = flowToGraph(flow);
    expect(nodes[1]).toMatchObject({ id: 'exists', type: 'card', position: { x: 280, y: 10 } });
    expect(nodes[1]!.data.node.name).toBe('Exists?');
    expect(edges[0]).toMatchObject({
      source: 'hire',
      sourceHandle: 'out',
      target: 'exists',
      targetHandle: 'in',
    });
    expect(edges[1]).toMatchObject({ sourceHandle: 'false', label: 'false' });
  });

  it('rounds moved positions to integers and leaves other node fields untouched', () => {
    const { meta, nodes, edges } = flowToGraph(flow);
    const moved = nodes.map((n) => (n.id === 'create' ? { ...n, position: { x: 600.6, y: 99.4 } } : n));
    const out = graphToFlow(meta, moved, edges);
    expect(out.nodes[2]).toEqual({ ...flow.nodes[2], position: { x: 601, y: 99 } });
    expect(Object.keys(out.nodes[2]!)).toEqual(Object.keys(flow.nodes[2]!));
  });

  it('writes new default-port edges without fromPort, others with it', () => {
    const { meta, nodes } = flowToGraph(flow);
    const a = edgeToLink({ from: 'hire', to: 'create' });
    const b = { ...edgeToLink({ from: 'exists', to: 'create' }), sourceHandle: 'true', data: undefined };
    const out = graphToFlow(meta, nodes, [a, b]);
    expect(out.edges).toEqual([
      { from: 'hire', to: 'create' },
      { from: 'exists', fromPort: 'true', to: 'create' },
    ]);
  });
});
