import { compileExpression } from '../../packages/engine/src/index';
const g = globalThis as Record<string, unknown>;
g.__probe = false;
const payloads = [
  `$string(process)`, `process.pid`, `$eval("process")`, `$string.constructor`, `$string($string.constructor)`,
  `$string.constructor("globalThis.__probe=true")()`,
  `$lookup($, 'constructor')`, `$string($lookup($, 'constructor'))`,
  `$lookup($lookup($, 'constructor'), 'constructor')("globalThis.__probe=true")()`,
  `$.constructor.constructor("globalThis.__probe=true")()`,
  `$lookup($string, 'constructor')("globalThis.__probe=true")()`,
  `$eval('$lookup($lookup({}, "constructor"), "constructor")("globalThis.__probe=true")()')`,
  `$merge([{}, {"__proto__": {"polluted": true}}])`,
  `{"__proto__": {"polluted": "yes"}}`,
  `$ ~> |$|{"__proto__": {"polluted": true}}|`,
  `$ ~> |$|{"constructor": {"prototype": {"polluted": true}}}|`,
  `$keys($$)`, `require("fs")`, `$require("fs")`, `$function("return 1")`,
  `[].constructor.constructor("globalThis.__probe=true")()`,
  `$each($, function($v, $k){ $k })`,
  `$sift($lookup({}, "__proto__"), function($v){true})`,
  `($f := function($n){ $f($n+1) }; $f(0))`,
  `($f := function($n){ $n > -1 ? $f($n+1) : 0 }; $f(0))`,
  `[1..100000000]`,
  `$count([1..999999].($string($)))`,
];
for (const p of payloads) {
  const t = Date.now();
  try {
    const v = await compileExpression(p, 1000).evaluate({ a: 1 });
    console.log(JSON.stringify(p), '=>', typeof v, String(typeof v === 'function' ? 'fn' : JSON.stringify(v))?.slice(0, 100), Date.now() - t, 'ms');
  } catch (e) {
    console.log(JSON.stringify(p), 'THROWS', (e as {code?:string}).code, (e as Error).message.slice(0, 120), Date.now() - t, 'ms');
  }
}
console.log('probe', g.__probe, 'polluted', ({} as Record<string, unknown>).polluted);
