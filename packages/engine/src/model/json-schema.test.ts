import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { valueNode } from '../testing/test-kit';
import { generateFlowJsonSchema, nodeConfigJsonSchema } from './json-schema';

describe('JSON Schema', () => {
  it('the committed schema/flow.schema.json is up to date (run scripts/write-schema.ts)', () => {
    const committed = readFileSync(new URL('../../schema/flow.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(`${JSON.stringify(generateFlowJsonSchema(), null, 2)}\n`);
  });
  it('describes a node config with expression alternatives', () => {
    const schema = nodeConfigJsonSchema(valueNode) as { properties: { port: { anyOf: unknown[] } } };
    expect(schema.properties.port.anyOf).toHaveLength(2);
  });
});
