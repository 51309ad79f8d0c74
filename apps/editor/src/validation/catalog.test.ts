/** The editor's catalog (JSON Schema → zod) drives the engine's validateFlow like the real definitions would. */
import { nodeConfigJsonSchema } from '@idflow/engine/model';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NodeTypeInfo } from '../api/schemas';
import { catalogFromNodeTypes } from './catalog';
import { validateForEditor } from './validate';

const createUserConfig = z.strictObject({
  connection: z.string().min(1),
  user: z.strictObject({ userName: z.string().min(1), active: z.boolean().default(true) }),
});

function info(partial: Partial<NodeTypeInfo> & Pick<NodeTypeInfo, 'type'>): NodeTypeInfo {
  return {
    title: partial.type,
    category: 'scim',
    description: '',
    configSchema: {},
    outputs: [{ id: 'out' }],
    hasInput: true,
    output: {},
    ...partial,
  };
}

export const TYPES: NodeTypeInfo[] = [
  info({
    type: 'trigger.webhook',
    category: 'trigger',
    hasInput: false,
    trigger: 'webhook',
    configSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  }),
  info({
    type: 'scim.createUser',
    configSchema: nodeConfigJsonSchema({
      type: 'scim.createUser',
      title: 'Create user',
      category: 'scim',
      description: '',
      config: createUserConfig,
      outputs: [{ id: 'out' }],
      hasInput: true,
      output: {},
    }),
  }),
  info({ type: 'control.switch', category: 'control', outputs: 'dynamic' }),
];

const flow = (createConfig: Record<string, unknown>, extra: object[] = []) => ({
  schemaVersion: 1,
  id: 'f',
  name: 'F',
  nodes: [
    { id: 'hook', type: 'trigger.webhook', position: { x: 0, y: 0 }, config: { path: 'hire' } },
    { id: 'create', type: 'scim.createUser', position: { x: 300, y: 0 }, config: createConfig },
    ...extra,
  ],
  edges: [{ from: 'hook', to: 'create' }],
});

describe('catalogFromNodeTypes + validateForEditor', () => {
  const catalog = catalogFromNodeTypes(TYPES);

  it('accepts literal and expression config', () => {
    const v = validateForEditor(
      flow({ connection: 'sandbox', user: { userName: '=trigger.body.email' } }),
      catalog,
    );
    expect(v.errors).toEqual([]);
  });

  it('reports a missing required field on the node', () => {
    const v = validateForEditor(flow({ connection: 'sandbox', user: {} }), catalog);
    expect(v.errors.length).toBeGreaterThan(0);
    expect(v.byNode.create?.[0]?.path).toContain('nodes[1].config.user');
  });

  it('reports an expression that does not compile', () => {
    const v = validateForEditor(flow({ connection: 'sandbox', user: { userName: '=trigger.(' } }), catalog);
    expect(v.byNode.create?.some((i) => i.code === 'expression_syntax')).toBe(true);
  });

  it('derives dynamic ports from config cases', () => {
    const sw = {
      id: 'sw',
      type: 'control.switch',
      position: { x: 0, y: 0 },
      config: { cases: [{ name: 'a' }] },
    };
    const f = flow({ connection: 's', user: { userName: 'x' } }, [sw]);
    f.edges.push({ from: 'create', to: 'sw' }, { from: 'sw', fromPort: 'a', to: 'create' } as never);
    const v = validateForEditor(f, catalog);
    expect(v.errors.some((i) => i.code === 'cycle')).toBe(true);
    expect(v.errors.some((i) => i.code === 'edge_unknown_port')).toBe(false);
  });
});
