// normaliseResource: string booleans fixed at any depth; answers without them used as parsed.

import { describe, expect, it } from 'vitest';
import { normaliseResource } from './normalise';

describe('normaliseResource', () => {
  it('fixes "True"/"False" under boolean keys at any depth and keeps other strings', () => {
    const body = JSON.parse(
      '{"id":"1","active":"True","title":"true","emails":[{"value":"a@x","primary":" FALSE "}],"x":{"supported":"false"}}',
    );
    expect(normaliseResource(body)).toEqual({
      id: '1',
      active: true,
      title: 'true',
      emails: [{ value: 'a@x', primary: false }],
      x: { supported: false },
    });
  });

  it('returns a body with nothing to fix unchanged', () => {
    const text =
      '{"id":"1","active":true,"emails":[{"value":"a@x","primary":true}],"meta":{"version":"W/\\"1\\""}}';
    const body = JSON.parse(text);
    const out = normaliseResource<Record<string, unknown>>(body);
    expect(JSON.stringify(out)).toBe(text);
  });

  it('drops an own "__proto__" key as the copy always did', () => {
    const out = normaliseResource<Record<string, unknown>>(JSON.parse('{"id":"1","__proto__":"x"}'));
    expect(Object.keys(out)).toEqual(['id']);
  });

  it('rejects a body that is not an object', () => {
    expect(() => normaliseResource([])).toThrow(/expected a resource object/);
  });
});
