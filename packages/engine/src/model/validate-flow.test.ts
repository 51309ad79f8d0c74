import { describe, expect, it } from 'vitest';
import { makeFlow, testCatalogTypes } from '../testing/test-kit';
import { createCatalog } from './catalog';
import { MAX_FLOW_DEPTH } from './nesting';
import { validateFlow } from './validate-flow';

const catalog = createCatalog(testCatalogTypes());
const t = { id: 'start', type: 'trigger.manual' };

function errors(json: unknown) {
  const r = validateFlow(json, catalog);
  return r.ok ? [] : r.errors;
}

describe('validateFlow', () => {
  it('accepts a valid flow and keeps config as written', () => {
    const flow = makeFlow([t, { id: 'a', config: { value: '=trigger.x', port: '==literal' } }], ['start->a']);
    const r = validateFlow(flow, catalog);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.flow.nodes[1]!.config).toEqual({ value: '=trigger.x', port: '==literal' });
  });

  it('maps schema errors to JSON paths', () => {
    const flow = makeFlow([t, { id: 'a' }], ['start->a']) as unknown as { nodes: { position: unknown }[] };
    flow.nodes[1]!.position = { x: 1.5, y: 0 };
    expect(errors(flow)).toEqual([expect.objectContaining({ path: 'nodes[1].position.x', code: 'schema' })]);
  });

  it('reports an unknown node type', () => {
    const e = errors(makeFlow([t, { id: 'a', type: 'nope.thing' }], ['start->a']));
    expect(e).toEqual([
      expect.objectContaining({ code: 'unknown_node_type', path: 'nodes[1].type', nodeId: 'a' }),
    ]);
  });

  it('refuses an unquoted dashed node id in an expression, which JSONata would read as a subtraction', () => {
    const nodes = [t, { id: 'find-user' }, { id: 'b', config: { value: '=steps.find-user.found' } }];
    const e = errors(makeFlow(nodes, ['start->find-user', 'find-user->b']));
    expect(e).toEqual([
      expect.objectContaining({ code: 'expression_dashed_id', path: 'nodes[2].config.value', nodeId: 'b' }),
    ]);
    const quoted = [t, { id: 'find-user' }, { id: 'b', config: { value: '=steps.`find-user`.found' } }];
    expect(errors(makeFlow(quoted, ['start->find-user', 'find-user->b']))).toEqual([]);
  });

  it('reports config errors with paths inside config', () => {
    const e = errors(makeFlow([t, { id: 'a', config: { port: 7 } }], ['start->a']));
    expect(e).toEqual([expect.objectContaining({ code: 'config_invalid', path: 'nodes[1].config.port' })]);
    expect(e[0]!.message).toMatch(/expression/);
  });

  it('reports duplicate node ids', () => {
    const e = errors(makeFlow([t, { id: 'a' }, { id: 'a' }], ['start->a']));
    expect(e).toEqual([expect.objectContaining({ code: 'duplicate_node_id', path: 'nodes[2].id' })]);
  });

  it('reports edges to missing nodes', () => {
    const e = errors(makeFlow([t, { id: 'a' }], ['start->a', 'a->ghost']));
    expect(e).toEqual([expect.objectContaining({ code: 'edge_unknown_node', path: 'edges[1].to' })]);
  });

  it('reports unknown ports, and the error port unless errorPort is set', () => {
    const e = errors(
      makeFlow([t, { id: 'a' }, { id: 'b' }, { id: 'c' }], ['start->a', 'a:zz->b', 'a:error->c']),
    );
    expect(e.map((x) => [x.code, x.path])).toEqual([
      ['edge_unknown_port', 'edges[1].fromPort'],
      ['edge_unknown_port', 'edges[2].fromPort'],
    ]);
    expect(e[1]!.message).toMatch(/errorPort/);
    const ok = makeFlow([t, { id: 'a', errorPort: true }, { id: 'c' }], ['start->a', 'a:error->c']);
    expect(errors(ok)).toEqual([]);
  });

  it('reports edges into a trigger', () => {
    const e = errors(makeFlow([t, { id: 'a' }], ['start->a', 'a->start']));
    expect(e.map((x) => x.code)).toContain('edge_into_trigger');
  });

  it('reports cycles naming the nodes', () => {
    const e = errors(
      makeFlow([t, { id: 'a' }, { id: 'b' }, { id: 'c' }], ['start->a', 'a->b', 'b->c', 'c->a']),
    );
    expect(e).toEqual([
      expect.objectContaining({ code: 'cycle', message: expect.stringContaining('a → b → c → a') }),
    ]);
  });

  it('reports a missing trigger and a second trigger', () => {
    expect(errors(makeFlow([{ id: 'a' }], [])).map((x) => x.code)).toEqual(['no_trigger']);
    const two = errors(makeFlow([t, { id: 'other', type: 'trigger.call' }], []));
    expect(two).toEqual([expect.objectContaining({ code: 'multiple_triggers', nodeId: 'other' })]);
  });

  it('reports expressions that do not compile, with the position', () => {
    const e = errors(makeFlow([t, { id: 'a', config: { value: { deep: ['=a + + ('] } } }], ['start->a']));
    expect(e).toEqual([
      expect.objectContaining({
        code: 'expression_syntax',
        path: 'nodes[1].config.value.deep[0]',
        nodeId: 'a',
      }),
    ]);
    expect(e[0]!.message).toMatch(/character 5/);
  });

  it('warns about unreachable nodes without failing', () => {
    const r = validateFlow(makeFlow([t, { id: 'a' }, { id: 'lonely' }], ['start->a']), catalog);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'unreachable', nodeId: 'lonely' })]);
  });

  it('reports every error at once', () => {
    const flow = makeFlow(
      [t, { id: 'a', type: 'x.y' }, { id: 'b', config: { port: 1 } }, { id: 'b' }],
      ['start->ghost', 'b:nope->a'],
    ) as unknown as Record<string, unknown>;
    flow.name = '';
    const codes = errors(flow).map((x) => x.code);
    expect(new Set(codes)).toEqual(
      new Set([
        'schema',
        'unknown_node_type',
        'config_invalid',
        'duplicate_node_id',
        'edge_unknown_node',
        'edge_unknown_port',
      ]),
    );
  });

  it('refuses config nested past MAX_FLOW_DEPTH at the path where the limit is crossed, without recursing', () => {
    const nest = (levels: number) => {
      let v: unknown = 1;
      for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
      return v;
    };
    // nodes[1].config.value sits at level 4, so 60 more levels stay within 64.
    expect(errors(makeFlow([t, { id: 'a', config: { value: nest(60) } }], ['start->a']))).toEqual([]);
    const e = errors(makeFlow([t, { id: 'a', config: { value: nest(3000) } }], ['start->a']));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'too_deep', nodeId: 'a' });
    expect(e[0]!.path.startsWith('nodes[1].config.value[0].a[0]')).toBe(true);
    // One path segment per level: the value crossing the limit is the 64th key down.
    expect(e[0]!.path.split(/[.[]/)).toHaveLength(MAX_FLOW_DEPTH);
    expect(errors(nest(200_000))[0]).toMatchObject({ code: 'too_deep' });
  });
});
