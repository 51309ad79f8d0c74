import { describe, expect, it } from 'vitest';
import { findCycles, predecessors, reachableFrom, successors, topologicalOrder } from './graph';

const e = (pairs: string) => pairs.split(' ').map((p) => ({ from: p[0]!, to: p[1]! }));

describe('graph', () => {
  it('topologicalOrder puts every node after its sources', () => {
    expect(topologicalOrder(['d', 'c', 'b', 'a'], e('ab ac bd cd'))).toEqual(['a', 'b', 'c', 'd']);
    expect(topologicalOrder(['b', 'a'], e('ab'))).toEqual(['a', 'b']);
  });
  it('topologicalOrder throws on a cycle', () => {
    expect(() => topologicalOrder(['a', 'b'], e('ab ba'))).toThrow(/cycle/);
  });
  it('findCycles names the nodes of each cycle, including self loops', () => {
    expect(findCycles(['a', 'b', 'c', 'd'], e('ab bc ca cd'))).toEqual([['a', 'b', 'c']]);
    expect(findCycles(['a'], e('aa'))).toEqual([['a']]);
    expect(findCycles(['a', 'b'], e('ab'))).toEqual([]);
  });
  it('successors and predecessors are direct and unique', () => {
    expect(successors('a', e('ab ab ac bd'))).toEqual(['b', 'c']);
    expect(predecessors('d', e('bd cd bd'))).toEqual(['b', 'c']);
  });
  it('reachableFrom follows edges forward', () => {
    expect([...reachableFrom(['b'], e('ab bc cd xe'))].sort()).toEqual(['b', 'c', 'd']);
  });
});
