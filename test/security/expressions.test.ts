/** JSONata sandbox: flows cannot reach process, require, the file system or the network; runaway expressions stop. */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileExpression } from '../../packages/engine/src/index';
import { flowOf, runManual, stepOf } from '../support/engine-kit';

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

  // KNOWN BUG (engine): JSONata runs regular expressions synchronously, so a catastrophic-backtracking regex on a
  // long-enough value blocks the event loop far past the expression timeout (measured: 27 chars ≈ 13 s, 32 ≈ minutes)
  // and the run does not end with EXPRESSION_TIMEOUT. `it.fails` keeps this red-flagged until the engine guards
  // regexes (e.g. jsonata's RegexEngine option with a linear-time engine, or a length cap on regex inputs).
  it.fails('a catastrophic-backtracking regex ends with EXPRESSION_TIMEOUT (ReDoS)', async () => {
    const flow = flowOf('redos', [
      { id: 'x', type: 'transform.map', config: { value: '=$contains(trigger.s, /^(a+)+$/)' } },
    ]);
    const run = await runManual(flow, { s: `${'a'.repeat(25)}!` }, { limits: { expressionTimeoutMs: 100 } });
    expect(stepOf(run, 'x').error?.code).toBe('EXPRESSION_TIMEOUT');
  });
});
