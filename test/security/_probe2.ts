import { compileExpression } from '../../packages/engine/src/index';
const n = Number(process.argv[2]);
const t = Date.now();
try {
  const v = await compileExpression(`$contains("${'a'.repeat(n)}!", /^(a+)+$/)`, 1000).evaluate({});
  console.log(n, v, Date.now() - t, 'ms');
} catch (e) { console.log(n, 'THROWS', (e as Error).message.slice(0, 80), Date.now() - t, 'ms'); }
