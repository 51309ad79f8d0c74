import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allowExpressions, authoringConfigSchema } from './allow-expressions';

const schema = z.strictObject({
  url: z.url().meta({ title: 'URL' }),
  count: z.number().int().default(3),
  tags: z.array(z.string()).optional(),
  mode: z.enum(['a', 'b']),
  body: z.record(z.string(), z.number()).nullable(),
  user: z.object({ userName: z.string(), active: z.boolean() }),
  kind: z.union([z.literal('x'), z.object({ y: z.number() })]),
});

describe('allowExpressions', () => {
  const authoring = authoringConfigSchema(schema);
  const good = {
    url: 'https://x.test',
    mode: 'a',
    body: { n: 1 },
    user: { userName: 'u', active: true },
    kind: 'x',
  };

  it('accepts plain values and expressions at every level', () => {
    expect(authoring.safeParse(good).success).toBe(true);
    const exprs = {
      url: '=a',
      count: '=b',
      tags: ['=c'],
      mode: '=d',
      body: '=e',
      user: { userName: '=f', active: '=g' },
      kind: { y: '=h' },
    };
    expect(authoring.safeParse(exprs).success).toBe(true);
    expect(authoring.safeParse({ ...good, tags: '=t', user: '=u', kind: '=k' }).success).toBe(true);
  });

  it('still rejects wrong plain values, unknown keys and literal "==" strings for non-strings', () => {
    expect(authoring.safeParse({ ...good, mode: 'c' }).success).toBe(false);
    expect(authoring.safeParse({ ...good, extra: 1 }).success).toBe(false);
    expect(authoring.safeParse({ ...good, count: '==1' }).success).toBe(false);
    expect(authoring.safeParse({ ...good, url: 'not a url' }).success).toBe(false);
  });

  it('keeps defaults and meta', () => {
    const parsed = authoring.parse(good) as { count: number };
    expect(parsed.count).toBe(3);
    const json = z.toJSONSchema(authoring) as unknown as { properties: { url: { title?: string } } };
    expect(json.properties.url.title).toBe('URL');
  });
});

describe('allowExpressions on a bare leaf', () => {
  it('accepts the value or an expression', () => {
    const s = allowExpressions(z.number());
    expect(s.safeParse(1).success).toBe(true);
    expect(s.safeParse('=x').success).toBe(true);
    expect(s.safeParse('x').success).toBe(false);
  });
});
