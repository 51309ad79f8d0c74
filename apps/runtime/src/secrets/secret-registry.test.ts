import { describe, expect, it } from 'vitest';
import type { Store } from '../store/types';
import type { SecretCipher } from './cipher';
import { createSecretRegistry, REDACTED } from './secret-registry';

const noStore = { listConnections: async () => [], listFlows: async () => [] } as unknown as Store;
const noCipher = {} as SecretCipher;

describe('secret registry redaction', () => {
  it('hands back the same object when no secret occurs, and a redacted copy when one does', () => {
    const r = createSecretRegistry(noStore, noCipher, {});
    r.add('s3cr3t-value');
    r.add('quo"te\\secret');
    const clean = { a: 'x', list: [{ b: 'nothing here' }], n: 1 };
    expect(r.redact(clean)).toBe(clean);
    const json = r.redactToJson(clean);
    expect(json.value).toBe(clean);
    expect(json.json).toBe(JSON.stringify(clean));

    const dirty = { a: 'token=s3cr3t-value', keys: { 's3cr3t-value': 1 }, deep: [['quo"te\\secret!']] };
    const out = r.redactToJson(dirty);
    expect(out.value).not.toBe(dirty);
    expect(out.json).not.toContain('s3cr3t-value');
    expect(out.json).not.toContain('quo');
    expect(out.value.a).toBe(`token=${REDACTED}`);
    expect(out.value.deep[0]![0]).toBe(`${REDACTED}!`);
    expect(JSON.parse(out.json)).toEqual(out.value);
    expect(dirty.a).toBe('token=s3cr3t-value'); // the input is left alone
  });

  it('redacts values JSON.stringify cannot handle by walking them', () => {
    const r = createSecretRegistry(noStore, noCipher, {});
    r.add('s3cr3t-value');
    const cyclic: Record<string, unknown> = { a: 's3cr3t-value' };
    cyclic.self = cyclic;
    const big = { n: 1n, s: 's3cr3t-value' };
    expect(r.redact(big).s).toBe(REDACTED);
    expect(r.redact(cyclic).a).toBe(REDACTED);
  });
});

describe('secret registry: secrets with regular-expression characters', () => {
  it('finds each secret literally, whatever characters it holds', () => {
    const r = createSecretRegistry(noStore, noCipher, {});
    const odd = ['a.b*c+d?', '^$[x]{1}(y)|z', 'back\\slash/-'];
    for (const s of odd) r.add(s);
    for (const s of odd) {
      const out = r.redactToJson({ v: `<${s}>` });
      expect(out.json).toBe(JSON.stringify({ v: `<${REDACTED}>` }));
    }
    // Near misses are not secrets: the pattern must not treat `.`, `*` or `|` as operators.
    const near = { v: 'aXb*c+d?', w: 'z', x: '^$[x]{1}(y)' };
    expect(r.redact(near)).toBe(near);
  });
});
