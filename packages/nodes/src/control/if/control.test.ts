/** control.if, control.switch, transform.map/set, flow.respond and the triggers, run through the engine. */
import { describe, expect, it } from 'vitest';
import { flowOf, run, step } from '../../../test/helpers';
import { isTruthy, jsonEqual } from '../../shared/values';

describe('control.if', () => {
  const flow = flowOf(
    [
      { id: 'check', type: 'control.if', config: { condition: '=trigger.active' } },
      { id: 'yes', type: 'transform.set', config: { fields: { branch: 'yes' } } },
      { id: 'no', type: 'transform.set', config: { fields: { branch: 'no' } } },
    ],
    [
      { from: 'start', to: 'check' },
      { from: 'check', fromPort: 'true', to: 'yes' },
      { from: 'check', fromPort: 'false', to: 'no' },
    ],
  );

  it('takes the true or the false port and skips the other', async () => {
    const t = await run(flow, { active: true });
    expect(step(t, 'check').output).toEqual({ result: true });
    expect(step(t, 'yes').status).toBe('succeeded');
    expect(step(t, 'no').status).toBe('skipped');
    const f = await run(flow, { active: 'false' });
    expect(step(f, 'no').output).toEqual({ branch: 'no' });
    expect(step(f, 'yes').status).toBe('skipped');
  });

  it('uses JSONata-like truthiness', () => {
    for (const v of [true, 1, 'yes', [0, 1], { a: 1 }]) expect(isTruthy(v)).toBe(true);
    for (const v of [false, 0, '', 'false', '0', null, undefined, [], [0], {}])
      expect(isTruthy(v)).toBe(false);
  });
});

describe('control.switch', () => {
  const flow = flowOf(
    [
      {
        id: 'route',
        type: 'control.switch',
        config: {
          value: '=trigger.kind',
          cases: [
            { name: 'hire', equals: 'hire' },
            { name: 'leave', equals: 'termination' },
          ],
        },
      },
      { id: 'hire', type: 'transform.set', config: { fields: { a: 1 } } },
      { id: 'leave', type: 'transform.set', config: { fields: { a: 2 } } },
      { id: 'other', type: 'transform.set', config: { fields: { a: 3 } } },
    ],
    [
      { from: 'start', to: 'route' },
      { from: 'route', fromPort: 'hire', to: 'hire' },
      { from: 'route', fromPort: 'leave', to: 'leave' },
      { from: 'route', fromPort: 'default', to: 'other' },
    ],
  );

  it('continues on the first equal case, else default', async () => {
    const leave = await run(flow, { kind: 'termination' });
    expect(step(leave, 'route').output).toEqual({ value: 'termination', matched: 'leave' });
    expect(step(leave, 'leave').status).toBe('succeeded');
    expect(step(leave, 'hire').status).toBe('skipped');
    const other = await run(flow, { kind: 'transfer' });
    expect(step(other, 'other').status).toBe('succeeded');
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

describe('transform nodes and flow.respond', () => {
  it('map outputs the resolved value, set the resolved fields, respond the response', async () => {
    const record = await run(
      flowOf([
        { id: 'map', type: 'transform.map', config: { value: "={ 'user': $lowercase(trigger.email) }" } },
        { id: 'set', type: 'transform.set', config: { fields: { user: '=steps.map.user', n: 2 } } },
        {
          id: 'reply',
          type: 'flow.respond',
          config: { status: 201, headers: { 'X-A': 'b' }, body: '=steps.set' },
        },
      ]),
      { email: 'Ann@Example.com' },
    );
    expect(step(record, 'map').output).toEqual({ user: 'ann@example.com' });
    expect(step(record, 'set').output).toEqual({ user: 'ann@example.com', n: 2 });
    expect(record.response).toEqual({
      status: 201,
      headers: { 'x-a': 'b' },
      body: { user: 'ann@example.com', n: 2 },
    });
  });

  it('triggers output the trigger data', async () => {
    const record = await run(flowOf([]), { hello: 'world' });
    expect(step(record, 'start').output).toEqual({ hello: 'world' });
  });
});
