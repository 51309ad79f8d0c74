import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { compileExpression, NOT_PLAIN } from './compile-expression';
import { compileConfig } from './resolve-config';

const scope = {
  trigger: { email: 'a@b.test' },
  steps: { find: { found: true } },
  flow: { id: 'f' },
  run: { id: 'r' },
};

async function codeOf(source: string, timeoutMs = 200): Promise<string | undefined> {
  try {
    await compileExpression(source, timeoutMs).evaluate(scope, scope);
    return undefined;
  } catch (err) {
    return (err as NodeError).code;
  }
}

describe('expressions', () => {
  it('evaluate against the context, also as $bindings, and compile once', async () => {
    const e = compileExpression('trigger.email & "/" & $string($steps.find.found)');
    expect(await e.evaluate(scope, scope)).toBe('a@b.test/true');
    expect(compileExpression('trigger.email & "/" & $string($steps.find.found)')).toBe(e);
  });

  it('stop runaway loops and recursion with EXPRESSION_TIMEOUT', async () => {
    expect(await codeOf('$count([1..9000000].($ * 2))')).toBe('EXPRESSION_TIMEOUT');
    expect(await codeOf('[1..1e9].($ * 2)')).toBe('EXPRESSION_TIMEOUT');
    expect(await codeOf('($f := function($n){ 1 + $f($n + 1) }; $f(0))')).toBe('EXPRESSION_TIMEOUT');
    expect(await codeOf('($f := function($n){ $n = 0 ? 0 : $f($n - 1) }; $f(1e9))')).toBe(
      'EXPRESSION_TIMEOUT',
    );
    expect(await codeOf('$eval("$count([1..9000000].($ * 2))")')).toBe('EXPRESSION_TIMEOUT');
  });

  it('cannot reach process, require or constructors', async () => {
    const e = (s: string) =>
      compileExpression(s)
        .evaluate(scope, scope)
        .catch((err: NodeError) => err.code);
    expect(await e('$string(process)')).toBeUndefined();
    expect(await e('process.env')).toBeUndefined();
    expect(await e('$require')).toBeUndefined();
    expect(await e('$function')).toBeUndefined();
    expect(await e('trigger.constructor')).toBeUndefined();
    expect(await e('trigger.constructor.constructor("return process")()')).toBeUndefined();
    expect(await e('$lookup(trigger, "__proto__")')).toBeUndefined();
    expect(await e('$eval("process")')).toBeUndefined();
  });

  it('map errors to EXPRESSION_ERROR', async () => {
    expect(await codeOf('$number("x") + $undefinedFn()')).toBe('EXPRESSION_ERROR');
    expect(() => compileExpression('a + + (')).toThrow(NodeError);
  });
});

describe('compileConfig', () => {
  it('treats a config without expressions as static and unescapes "=="', async () => {
    const r = compileConfig({ a: '==x', b: [1, { c: 'y' }] });
    expect(r.isStatic).toBe(true);
    expect(r.value).toEqual({ a: '=x', b: [1, { c: 'y' }] });
  });
  it('resolves nested expressions and names the failing path', async () => {
    const r = compileConfig({ to: '=trigger.email', list: ['=steps.find.found', '==lit'], skip: '=nothing' });
    expect(r.isStatic).toBe(false);
    expect(await r.resolve(scope, scope)).toEqual({ to: 'a@b.test', list: [true, '=lit'] });
    const bad = compileConfig({ x: { y: '=$error("boom")' } });
    await expect(bad.resolve(scope)).rejects.toMatchObject({
      code: 'EXPRESSION_ERROR',
      details: { path: 'config.x.y' },
    });
  });
});

describe('context variables', () => {
  it('binds $trigger/$steps in config expressions that use them', async () => {
    const r = compileConfig({ a: '=$trigger.email', b: '=$steps.find.found', c: '=trigger.email' });
    expect(await r.resolve(scope, scope)).toEqual({ a: 'a@b.test', b: true, c: 'a@b.test' });
  });

  it('reads plain paths without JSONata, with the value JSONata gives', async () => {
    const shared = { a: 1, list: [1, 2] };
    const inputs: unknown[] = [
      { item: shared },
      { item: { a: { b: shared } } },
      { item: null },
      { item: 'text' },
      { item: 5 },
      { item: {} },
      {},
      { item: Object.create({ a: 9 }) },
      { item: [{ a: 1 }, { a: 2 }] },
      { item: { a: [[1], [2]] } },
    ];
    for (const source of ['item', 'item.a', 'item.a.b', 'item.list', 'item.constructor']) {
      const compiled = compileExpression(source);
      expect(compiled.readPath).toBeDefined();
      for (const input of inputs) {
        const expected = await jsonata(source).evaluate(input);
        const fast = compiled.readPath!(input);
        if (fast !== NOT_PLAIN) expect(fast).toBe(expected);
        expect(await compiled.evaluate(input)).toEqual(expected);
      }
    }
    // Arrays keep JSONata's sequence rules; literals and anything else are not plain paths.
    expect(compileExpression('item.a').readPath!({ item: [{ a: 1 }] })).toBe(NOT_PLAIN);
    for (const source of ['true', 'null', 'item[0]', 'item.a#$i', '$item', 'item + 1', 'item."a"']) {
      expect(compileExpression(source).readPath).toBeUndefined();
    }
  });

  it('resolves a config of constants and plain paths at once, like resolve does', async () => {
    const r = compileConfig({ connection: 'c', user: '=item', name: '=item.name', missing: '=item.nope' });
    const input = { ...scope, item: { name: 'n' } };
    expect(r.resolveNow(input)).toEqual(await r.resolve(input, input));
    expect(r.resolveNow(input)).toEqual({ connection: 'c', user: { name: 'n' }, name: 'n' });
    expect(r.resolveNow({ ...scope, item: [{ name: 'n' }] })).toBe(NOT_PLAIN);
    expect(compileConfig({ a: '=item + 1' }).resolveNow(input)).toBe(NOT_PLAIN);
  });
});
