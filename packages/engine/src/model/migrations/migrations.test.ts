import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION, FlowSchema } from '../flow-schema';
import { assertMigrationChain, MigrationError, migrateFlowJson, migrations } from './index';
import type { Migration } from './types';

const v0Flow = {
  schemaVersion: 0,
  id: 'legacy',
  name: 'Legacy flow',
  nodes: [
    {
      id: 'start',
      type: 'trigger.manual',
      position: { x: 10.4, y: 20.6 },
      data: { label: 'Start', selected: true },
    },
    {
      id: 'check',
      type: 'control.if',
      position: { x: 300, y: 0 },
      data: { config: { condition: '=trigger.ok' }, notes: 'why' },
      retry: { attempts: 2 },
    },
    { id: 'yes', type: 'transform.set', position: { x: 600, y: 0 }, data: { config: { values: { a: 1 } } } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'check', sourceHandle: null },
    { id: 'e2', source: 'check', target: 'yes', sourceHandle: 'true', targetHandle: 'in' },
  ],
};

describe('migrateFlowJson', () => {
  it('migrates the v0 React Flow shape to a valid v1 flow', () => {
    const input = structuredClone(v0Flow);
    const result = migrateFlowJson(input);
    expect(result.fromVersion).toBe(0);
    expect(result.toVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(result.applied.map((m) => `${m.from}->${m.to}`)).toEqual(['0->1']);
    expect(result.json).toEqual({
      schemaVersion: 1,
      id: 'legacy',
      name: 'Legacy flow',
      nodes: [
        { id: 'start', type: 'trigger.manual', position: { x: 10, y: 21 }, name: 'Start', config: {} },
        {
          id: 'check',
          type: 'control.if',
          position: { x: 300, y: 0 },
          retry: { attempts: 2 },
          notes: 'why',
          config: { condition: '=trigger.ok' },
        },
        { id: 'yes', type: 'transform.set', position: { x: 600, y: 0 }, config: { values: { a: 1 } } },
      ],
      edges: [
        { from: 'start', to: 'check' },
        { from: 'check', fromPort: 'true', to: 'yes' },
      ],
    });
    expect(FlowSchema.safeParse(result.json).success).toBe(true);
    expect(input).toEqual(v0Flow);
  });

  it('leaves current files and non-flows alone', () => {
    const current = { schemaVersion: CURRENT_SCHEMA_VERSION, id: 'x', nodes: [], edges: [] };
    expect(migrateFlowJson(current)).toMatchObject({ json: current, applied: [] });
    expect(migrateFlowJson([1, 2]).json).toEqual([1, 2]);
    expect(migrateFlowJson({ id: 'no-version' }).fromVersion).toBeUndefined();
  });

  it('refuses a version newer than it knows and a version with no migration', () => {
    expect(() => migrateFlowJson({ schemaVersion: 99 })).toThrow(/newer than this idflow/);
    expect(() => migrateFlowJson({ schemaVersion: -1 })).toThrow(MigrationError);
  });

  it('chains several steps in order', () => {
    const tag =
      (from: number): Migration['migrate'] =>
      (json) => ({ ...json, trail: [...((json.trail as number[]) ?? []), from] });
    const list: Migration[] = [
      { from: 0, to: 1, description: 'a', migrate: tag(0) },
      { from: 1, to: 2, description: 'b', migrate: tag(1) },
      { from: 2, to: 3, description: 'c', migrate: tag(2) },
    ];
    assertMigrationChain(list, 3);
    expect(migrateFlowJson({ schemaVersion: 1 }, { list, target: 3 }).json).toEqual({
      schemaVersion: 3,
      trail: [1, 2],
    });
  });
});

describe('the shipped registry', () => {
  it('is a gap-free chain ending at the current schemaVersion', () => {
    expect(() => assertMigrationChain(migrations)).not.toThrow();
    expect(() =>
      assertMigrationChain([{ from: 0, to: 2, description: 'x', migrate: (j) => j }], 2),
    ).toThrow();
    expect(() => assertMigrationChain(migrations, CURRENT_SCHEMA_VERSION + 1)).toThrow(/current/);
  });
});
