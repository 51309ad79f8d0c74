import { describe, expect, it } from 'vitest';
import { insertPicked } from './insertPicked';

const PICK = '=trigger.body.email';

describe('insertPicked', () => {
  it('inserts at the caret of an expression, keeping the text around it', () => {
    expect(insertPicked('=$lowercase()', PICK, { start: 11, end: 11 })).toEqual({
      value: '=$lowercase(trigger.body.email)',
      caret: 29,
    });
    expect(insertPicked('="Hi " & ', PICK, { start: 0, end: 0 })).toEqual({
      value: '=trigger.body.email"Hi " & ',
      caret: 18,
    });
  });

  it('replaces the selected text, whichever way it was selected', () => {
    expect(insertPicked('=a & b & c', PICK, { start: 4, end: 5 }).value).toBe('=a & trigger.body.email & c');
    expect(insertPicked('=a & b & c', PICK, { start: 5, end: 4 }).value).toBe('=a & trigger.body.email & c');
  });

  it('appends when no cursor is known and clamps offsets to the source', () => {
    expect(insertPicked('="x" & ', PICK).value).toBe('="x" & trigger.body.email');
    expect(insertPicked('="x" & ', PICK, { start: 99, end: 120 }).value).toBe('="x" & trigger.body.email');
    expect(insertPicked('=abc', PICK, { start: -3, end: 0 }).value).toBe('=trigger.body.emailabc');
  });

  it('turns a literal or empty field into the picked expression', () => {
    for (const literal of [undefined, '', 'ada', 42, true, '=', '==escaped']) {
      expect(insertPicked(literal, PICK, { start: 1, end: 1 })).toEqual({
        value: PICK,
        caret: PICK.length - 1,
      });
    }
  });

  it('accepts a picked source without its `=`', () => {
    expect(insertPicked('=x', 'steps.a.b', { start: 1, end: 1 }).value).toBe('=xsteps.a.b');
  });
});
