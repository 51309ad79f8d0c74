import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('@idflow/engine/model is browser-safe', () => {
  it('imports only zod, jsonata, re2js (pure JS) and its own folder', () => {
    const dir = new URL('./', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const specifiers = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const spec of specifiers) {
        expect(
          spec === 'zod' || spec === 'jsonata' || spec === 're2js' || spec.startsWith('./'),
          `${file} imports ${spec}`,
        ).toBe(true);
      }
    }
  });
});
