/**
 * Production build of the runtime: the TypeScript sources (with the workspace packages) bundled by esbuild into
 * dist/, run with plain `node`. `npm start` runs this build, not tsx: tsx compiles and resolves each of several
 * hundred modules through loader hooks at every start (~1 s and a loader thread's memory), a bundle loads at once.
 * Dependencies stay in node_modules except those of the workspace packages, which the runtime cannot resolve
 * from its own folder under pnpm's strict layout, and so are bundled.
 * Usage: `node scripts/build.mjs` (from apps/runtime; pnpm --filter @idflow/runtime build).
 */
import { cp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
// The runtime's own dependencies resolve from apps/runtime/node_modules: left as imports. Workspace packages are
// TypeScript source, so they are bundled (with whatever they import).
const external = Object.keys(pkg.dependencies ?? {}).filter(
  (name) => !name.startsWith('@idflow/') && name !== 'scim-sandbox' && name !== 'tsx',
);
const started = performance.now();
await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts', 'start-product': 'src/start-product.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Separate chunks for what is imported lazily (queue mode, PostgreSQL), so a single-process start never loads it.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: external.flatMap((name) => [name, `${name}/*`]),
  // Bundled CommonJS packages call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __idflowRequire } from 'node:module'; const require = __idflowRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// The PostgreSQL store reads its SQL migrations beside its module (store-postgres/migrations in the sources).
await cp(path.join(root, 'src/store-postgres/migrations'), path.join(outdir, 'migrations'), {
  recursive: true,
});
console.log(
  `runtime built into ${path.relative(process.cwd(), outdir) || 'dist'} in ${Math.round(performance.now() - started)} ms`,
);
