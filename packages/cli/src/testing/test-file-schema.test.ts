import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlowTestFileSchema, flowTestJsonSchema } from './test-file-schema';

const committed = new URL('../../schema/flow-test.schema.json', import.meta.url);

describe('flow test file schema', () => {
  it('matches the committed JSON Schema (regenerate with "idflow schema --test")', () => {
    expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual(flowTestJsonSchema());
  });

  it('fills defaults and rejects unknown fields', () => {
    const parsed = FlowTestFileSchema.parse({ flow: 'x', cases: [{ name: 'a', expect: {} }] });
    expect(parsed.cases[0]).toMatchObject({ trigger: { kind: 'manual' }, expect: { status: 'succeeded' } });
    const bad = FlowTestFileSchema.safeParse({
      flow: 'x',
      cases: [{ name: 'a', expect: { stauts: 'failed' } }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['cases', 0, 'expect']);
    expect(FlowTestFileSchema.safeParse({ flow: 'x', cases: [] }).success).toBe(false);
  });
});
