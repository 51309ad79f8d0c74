// Property tests for the flow file format: canonical JSON is a fixed point, every generated flow validates,
// and the edits admins make most (move, rename) change exactly one line of the file.
import { type Flow, toCanonicalJson, validateFlow } from '@idflow/engine';
import { createBuiltinCatalog } from '@idflow/nodes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const catalog = createBuiltinCatalog();
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/);

/** JSON values whose strings cannot be read as expressions: a leading "=" is escaped as "==". */
const literal = fc
  .jsonValue({ maxDepth: 2 })
  .map((v) =>
    JSON.parse(JSON.stringify(v), (_k, x) => (typeof x === 'string' && x.startsWith('=') ? `=${x}` : x)),
  );

const nodeBody = fc.oneof(
  fc.record({
    type: fc.constant('transform.set'),
    config: fc.record({ fields: fc.dictionary(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,8}$/), literal) }),
  }),
  fc.record({ type: fc.constant('transform.map'), config: fc.record({ value: literal }) }),
  fc.record({ type: fc.constant('control.if'), config: fc.record({ condition: fc.boolean() }) }),
  fc.record({
    type: fc.constant('flow.respond'),
    config: fc.record({ status: fc.integer({ min: 200, max: 299 }), body: literal }),
  }),
);

const position = fc.record({
  x: fc.integer({ min: -5000, max: 5000 }),
  y: fc.integer({ min: -5000, max: 5000 }),
});

/** A DAG: node 0 is the trigger, every other node has a parent among the earlier nodes, plus extra edges. */
const flowArb: fc.Arbitrary<Flow> = fc
  .record({
    id: slug,
    name: fc.string({ minLength: 1, maxLength: 40 }),
    description: fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
    bodies: fc.array(nodeBody, { minLength: 1, maxLength: 12 }),
    positions: fc.array(position, { minLength: 13, maxLength: 13 }),
    names: fc.array(fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: undefined }), {
      minLength: 13,
      maxLength: 13,
    }),
    parents: fc.array(fc.nat(), { minLength: 13, maxLength: 13 }),
    extra: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
    ports: fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }),
  })
  .map(({ id, name, description, bodies, positions, names, parents, extra, ports }) => {
    const nodes = [
      { id: 'start', type: 'trigger.manual', position: positions[0]!, config: {} },
      ...bodies.map((b, i) => ({
        id: `n${i + 1}`,
        type: b.type,
        ...(names[i + 1] === undefined ? {} : { name: names[i + 1] }),
        position: positions[i + 1]!,
        config: b.config as Record<string, unknown>,
      })),
    ];
    const port = (from: number, i: number) =>
      nodes[from]!.type === 'control.if' ? { fromPort: ports[i] ? 'true' : 'false' } : {};
    const seen = new Set<string>();
    const edges: Flow['edges'] = [];
    const add = (from: number, to: number, i: number) => {
      const edge = { from: nodes[from]!.id, ...port(from, i), to: nodes[to]!.id };
      const key = JSON.stringify(edge);
      if (!seen.has(key)) edges.push(edge);
      seen.add(key);
    };
    for (let to = 1; to < nodes.length; to++) add(parents[to]! % to, to, to);
    for (const [a, b] of extra) {
      const to = 1 + (b % (nodes.length - 1));
      add(a % to, to, a);
    }
    return {
      schemaVersion: 1,
      id,
      name,
      ...(description === undefined ? {} : { description }),
      nodes,
      edges,
    };
  });

function changedLines(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length !== y.length) return Number.POSITIVE_INFINITY;
  return x.filter((line, i) => line !== y[i]).length;
}

describe('canonical flow JSON', () => {
  it('every generated flow validates, and canonical(parse(canonical(f))) is byte-identical', () => {
    fc.assert(
      fc.property(flowArb, (flow) => {
        const result = validateFlow(flow, catalog);
        expect(result.ok ? [] : result.errors).toEqual([]);
        const once = toCanonicalJson(flow, catalog);
        const parsed = validateFlow(JSON.parse(once), catalog);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(toCanonicalJson(parsed.flow, catalog)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('moving a node changes exactly one line', () => {
    fc.assert(
      fc.property(flowArb, fc.nat(), position, (flow, pick, to) => {
        const index = pick % flow.nodes.length;
        const node = flow.nodes[index]!;
        fc.pre(node.position.x !== to.x || node.position.y !== to.y);
        const moved = {
          ...flow,
          nodes: flow.nodes.map((n, i) => (i === index ? { ...n, position: to } : n)),
        };
        expect(changedLines(toCanonicalJson(flow, catalog), toCanonicalJson(moved, catalog))).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('renaming a named node changes exactly one line', () => {
    fc.assert(
      fc.property(flowArb, fc.nat(), fc.string({ minLength: 1, maxLength: 30 }), (flow, pick, name) => {
        const named = flow.nodes.filter((n) => n.name !== undefined && n.name !== name);
        fc.pre(named.length > 0);
        const target = named[pick % named.length]!;
        const renamed = { ...flow, nodes: flow.nodes.map((n) => (n === target ? { ...n, name } : n)) };
        expect(changedLines(toCanonicalJson(flow, catalog), toCanonicalJson(renamed, catalog))).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});
