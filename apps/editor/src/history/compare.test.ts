import type { Flow } from '@idflow/engine/model';
import { describe, expect, it } from 'vitest';
import { canvasSide, compareSides, versionSide } from './compare';

const flow = (name: string, nodes: Flow['nodes'] = []): Flow => ({
  schemaVersion: 1,
  id: 'f',
  name,
  nodes,
  edges: [],
});
const v = (version: number) => ({ version, hash: `${version}`.repeat(64), savedAt: '', summary: '' });
const hook = { id: 'hook', type: 'trigger.webhook', position: { x: 0, y: 0 }, config: {} };

describe('compareSides', () => {
  it('reads older → newer whichever side was picked first, the canvas being newest', () => {
    const old = versionSide(v(1), flow('Old'));
    const canvas = canvasSide(flow('New', [hook]), true, 2);
    for (const c of [compareSides(old, canvas), compareSides(canvas, old)]) {
      expect([c.from.label, c.to.label]).toEqual(['version 1', 'the canvas (unsaved changes)']);
      expect(c.diff.nodesAdded.map((n) => n.id)).toEqual(['hook']);
      expect(c.diff.flow).toEqual([{ path: 'name', before: 'Old', after: 'New' }]);
    }
  });

  it('orders two saved versions by number and names a clean canvas by its version', () => {
    const c = compareSides(versionSide(v(5), flow('B', [hook])), versionSide(v(3), flow('A')));
    expect([c.from.label, c.to.label, c.diff.nodesAdded.length]).toEqual(['version 3', 'version 5', 1]);
    expect(canvasSide(flow('A'), false, 7).label).toBe('the canvas (version 7)');
  });
});
