/** JSONata sandbox: flows cannot reach process, require, the file system or the network; runaway expressions stop. */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileExpression, MAX_REGEX_INPUT, validateFlow } from '../../packages/engine/src/index';
import { catalog, flowOf, runManual, stepOf } from '../support/engine-kit';

const g = globalThis as Record<string, unknown>;
const FILE = path.join(tmpdir(), `idflow-expr-escape-${process.pid}.txt`);
let canary: Server;
let canaryUrl = '';
let canaryHits = 0;

beforeAll(async () => {
  canary = createServer((_req, res) => {
    canaryHits++;
    res.end('pwned');
  });
  await new Promise<void>((r) => canary.listen(0, '127.0.0.1', r));
  canaryUrl = `http://127.0.0.1:${(canary.address() as { port: number }).port}/escape`;
});
afterAll(async () => {
  await new Promise<void>((r) => canary.close(() => r()));
  delete g.__idflowProbe;
});
beforeEach(() => {
  g.__idflowProbe = false;
});

/** JS that, if it ever ran, would leave three traces: a global flag, a request to the canary, a file. */
const body = () =>
  `globalThis.__idflowProbe=true;fetch("${canaryUrl}").catch(()=>0);process.getBuiltinModule("fs").writeFileSync("${FILE}","x");return process.env`;

const escapes = () => [
  `$string(process)`,
  `process.env`,
  `$$.process`,
  `$eval("process")`,
  `$string.constructor`,
  `$string($string.constructor)`,
  `$string.constructor('${body()}')()`,
  `$lookup($, 'constructor')`,
  `$lookup($lookup($, 'constructor'), 'constructor')('${body()}')()`,
  `$.constructor.constructor('${body()}')()`,
  `[].constructor.constructor('${body()}')()`,
  `$lookup($string, 'constructor')('${body()}')()`,
  `$lookup($lookup({}, '__proto__'), 'constructor')`,
  `$eval('$lookup($lookup({}, "constructor"), "constructor")')`,
  `$each($lookup({}, 'constructor'), function($v, $k) { $k })`,
  `$sift($lookup($string, 'constructor'), function($v) { true })`,
  `require("fs")`,
  `$require("fs")`,
  `$function('${body()}')`,
  `$import("node:fs")`,
  `$fetch("${canaryUrl}")`,
  `$eval(trigger.hostile)`,
  `(function($x) { $x.constructor.constructor('${body()}')() })(trigger)`,
];

function expectNoEscape(output: unknown) {
  expect(g.__idflowProbe).toBe(false);
  expect(existsSync(FILE)).toBe(false);
  const text = JSON.stringify(output ?? null);
  // Nothing that looks like the process or its environment came back.
  expect(text).not.toMatch(/"pid"|"versions"|"PATH"|"HOME"|"NODE_|\bargv\b/);
}

describe('expressions cannot reach the host', () => {
  it('each escape attempt fails with EXPRESSION_ERROR or yields nothing of the host', async () => {
    for (const expr of escapes()) {
      const flow = flowOf('escape', [{ id: 'x', type: 'transform.map', config: { value: `=${expr}` } }]);
      const run = await runManual(flow, { hostile: `$string.constructor('${body()}')()` });
      const step = stepOf(run, 'x');
      if (step.status === 'failed')
        expect(step.error?.code, expr).toMatch(/^EXPRESSION_ERROR|CONFIG_INVALID$/);
      else expect(step.status, expr).toBe('succeeded');
      expectNoEscape(step.output);
    }
    // Give any escaped fetch a moment to land before counting.
    await new Promise((r) => setTimeout(r, 100));
    expect(canaryHits).toBe(0);
  });

  it('sees no environment or process in the expression context', async () => {
    const flow = flowOf('ctx', [{ id: 'x', type: 'transform.map', config: { value: '=$keys($$)' } }]);
    const run = await runManual(flow, { a: 1 });
    const keys = ([] as unknown[]).concat(stepOf(run, 'x').output);
    expect(keys).not.toContain('process');
    expect(keys).not.toContain('env');
    expect(keys).not.toContain('require');
  });

  it('random expressions built from dangerous names never run host code', async () => {
    const atom = fc.constantFrom(
      '$',
      '$$',
      '$string',
      '$lookup',
      '$eval',
      '{}',
      '[]',
      'trigger',
      '"constructor"',
      '"__proto__"',
      '"prototype"',
      `'${body()}'`,
    );
    const expr = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        tie('e').map((e) => `${e}.constructor`),
        tie('e').map((e) => `${e}.__proto__`),
        fc.tuple(tie('e'), tie('e')).map(([a, b]) => `$lookup(${a}, ${b})`),
        tie('e').map((e) => `${e}('${body()}')`),
        tie('e').map((e) => `${e}()`),
        tie('e').map((e) => `$eval(${e})`),
      ),
    })).e;
    await fc.assert(
      fc.asyncProperty(expr, async (source) => {
        let out: unknown;
        try {
          out = await compileExpression(source, 500).evaluate({ trigger: { a: 1 } });
        } catch {
          out = undefined;
        }
        expectNoEscape(typeof out === 'function' ? 'fn' : out);
      }),
      { numRuns: 300 },
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(canaryHits).toBe(0);
  });
});

describe('prototype pollution through expressions and node configs', () => {
  const probe = () => (({}) as Record<string, unknown>).polluted;

  it('objects with __proto__/constructor keys flow through nodes without touching Object.prototype', async () => {
    const payloads = [
      '={"__proto__": {"polluted": true}}',
      '=$merge([{}, {"__proto__": {"polluted": true}}])',
      '=$ ~> |$|{"__proto__": {"polluted": true}}|',
      '=$ ~> |$|{"constructor": {"prototype": {"polluted": true}}}|',
      '=trigger.evil',
    ];
    for (const value of payloads) {
      const flow = flowOf('pollute', [
        { id: 'm', type: 'transform.map', config: { value } },
        {
          id: 's',
          type: 'transform.set',
          config: { fields: { copy: '=steps.m', nested: '=$merge([{}, steps.m])' } },
        },
        { id: 'r', type: 'flow.respond', config: { status: 200, body: '=steps.s' } },
      ]);
      const run = await runManual(
        flow,
        JSON.parse('{"evil":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}'),
      );
      expect(run.status, value).toBe('succeeded');
      expect(probe(), value).toBeUndefined();
    }
  });
});

describe('runaway expressions', () => {
  const runaway = [
    '($f := function($n) { $f($n + 1) }; $f(0))',
    '($f := function($n) { $n > -1 ? $f($n + 1) : 0 }; $f(0))',
    '[1..100000000]',
    '$count([1..999999].($string($)))',
    '$reduce([1..2000000], function($a, $b) { $a + $b })',
    '$eval("($f := function($n) { $f($n + 1) }; $f(0))")',
  ];

  it('each ends with EXPRESSION_TIMEOUT in the run record', async () => {
    for (const expr of runaway) {
      const flow = flowOf('runaway', [{ id: 'x', type: 'transform.map', config: { value: `=${expr}` } }]);
      const run = await runManual(flow, {}, { limits: { expressionTimeoutMs: 300 } });
      expect(run.status, expr).toBe('failed');
      expect(stepOf(run, 'x').error?.code, expr).toBe('EXPRESSION_TIMEOUT');
      expect(run.error?.code, expr).toBe('EXPRESSION_TIMEOUT');
    }
  });

  // JSONata runs regexes synchronously and checks its time limit only when it enters the next evaluation step, so
  // native RegExp let /^(a+)+$/ block the process (27 characters ≈ 13 s, 30 ≈ a minute). The engine runs regexes on
  // a linear-time engine (re2js): these answer at once. With a backtracking engine back, the first regex would
  // block past the 1 s limit and the next step would end the run with EXPRESSION_TIMEOUT.
  it('a catastrophic-backtracking regex answers without blocking the process (ReDoS)', async () => {
    const value =
      '={"plus": $contains(trigger.s, /^(a+)+$/), "star": $exists($match(trigger.s, /(a*)*b/)), "alt": $contains(trigger.t, /^(a|aa)+$/)}';
    const flow = flowOf('redos', [{ id: 'x', type: 'transform.map', config: { value } }]);
    for (const n of [30, 5000]) {
      const s = `${'a'.repeat(n)}!`;
      const run = await runManual(flow, { s, t: 'a'.repeat(n) }, { limits: { expressionTimeoutMs: 1000 } });
      expect(stepOf(run, 'x').error, `n=${n}`).toBeUndefined();
      expect(stepOf(run, 'x').output, `n=${n}`).toEqual({ plus: false, star: false, alt: true });
    }
  });

  it('regexes a linear-time engine cannot run are refused before the run: backreferences, lookaround', async () => {
    for (const re of ['/(a)\\1/', '/a(?=b)/', '/a(?!b)/', '/(?<=a)b/']) {
      const source = `$contains(trigger.s, ${re})`;
      const checked = validateFlow(
        flowOf('bad-regex', [{ id: 'x', type: 'transform.map', config: { value: `=${source}` } }]),
        catalog,
      );
      expect(checked.ok, re).toBe(false);
      if (!checked.ok)
        expect(checked.errors[0], re).toMatchObject({ code: 'expression_syntax', nodeId: 'x' });
      expect(() => compileExpression(source), re).toThrow(/linear-time engine/);
    }
    // Built at run time through $eval: the step fails with EXPRESSION_ERROR instead.
    const flow = flowOf('eval-regex', [
      { id: 'x', type: 'transform.map', config: { value: '=$eval(trigger.expr)' } },
    ]);
    const run = await runManual(flow, { expr: '$contains("aa", /(a)\\1/)' });
    expect(stepOf(run, 'x').error?.code).toBe('EXPRESSION_ERROR');
  });

  it('a regex over a huge string fails with EXPRESSION_ERROR (input cap)', async () => {
    const flow = flowOf('regex-cap', [
      { id: 'x', type: 'transform.map', config: { value: '=$contains(trigger.s, /b$/)' } },
    ]);
    const run = await runManual(flow, { s: 'a'.repeat(MAX_REGEX_INPUT + 1) });
    expect(stepOf(run, 'x').error?.code).toBe('EXPRESSION_ERROR');
    expect(stepOf(run, 'x').error?.message).toMatch(/limit is/);
  });
});
