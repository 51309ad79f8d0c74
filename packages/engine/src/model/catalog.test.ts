import { describe, expect, it } from 'vitest';
import { testCatalogTypes, valueNode } from '../testing/test-kit';
import { createCatalog } from './catalog';

describe('createCatalog', () => {
  it('gets and lists in registration order', () => {
    const c = createCatalog(testCatalogTypes());
    expect(c.get('test.value')).toBe(valueNode);
    expect(c.has('nope.x')).toBe(false);
    expect(c.list()[0]!.type).toBe('trigger.manual');
  });
  it('throws on a duplicate type id', () => {
    expect(() => createCatalog([valueNode, valueNode])).toThrow(/Duplicate node type "test.value"/);
  });
});
