/**
 * Production build of the runtime: the TypeScript sources (with the workspace packages) bundled by esbuild into
 * dist/, run with plain `node`. `npm start` runs this build, not tsx: tsx compiles and resolves each of several
 * hundred modules through loader hooks at every start (~1 s and a loader thread's memory), a bundle loads at once.
 * Dependencies stay in node_modules except those of the workspace packages, which the runtime cannot resolve
 * from its own folder under pnpm's strict layout, and so are bundled.
 *
 * Usage (from apps/runtime): `node scripts/build.mjs [--out dist-NAME]`. `--out` names another folder beside dist/
 * (same depth, so paths computed from import.meta.url hold): tests and benches build there, never over the dist/
 * a running runtime loads its lazy chunks from.
 */
import { cp, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outName = outIndex > 0 ? process.argv[outIndex + 1] : 'dist';
if (!outName || !/^dist(-[\w.-]+)?$/.test(outName)) {
  console.error(`--out takes a folder name beside dist/ matching dist-NAME (got "${outName}")`);
  process.exit(2);
}
const outdir = path.join(root, outName);
const staging = path.join(root, `dist-staging-${process.pid}`);
/** Chunks of an earlier build are kept this long: a runtime started from it may still import them lazily. */
const KEEP_OLD_MS = 24 * 3600_000;

const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
// The runtime's own dependencies resolve from apps/runtime/node_modules: left as imports. Workspace packages are
// TypeScript source, so they are bundled (with whatever they import).
const external = Object.keys(pkg.dependencies ?? {}).filter(
  (name) => !name.startsWith('@idflow/') && name !== 'scim-sandbox' && name !== 'tsx',
);
const started = performance.now();
await rm(staging, { recursive: true, force: true });
try {
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/main.ts', 'start-product': 'src/start-product.ts' },
    outdir: staging,
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
  await cp(path.join(root, 'src/store-postgres/migrations'), path.join(staging, 'migrations'), {
    recursive: true,
  });
  await publish(staging, outdir);
} finally {
  await rm(staging, { recursive: true, force: true });
}
console.log(`runtime built into ${outName} in ${Math.round(performance.now() - started)} ms`);

/**
 * Moves the new build into `to` file by file (each rename is atomic), chunks first and entry points last, so a
 * runtime starting meanwhile finds either build whole. Chunk names carry content hashes; files of earlier builds
 * are removed only once they are a day old.
 */
async function publish(from, to) {
  await mkdir(to, { recursive: true });
  const fresh = await readdir(from, { withFileTypes: true });
  const isEntry = (name) => /^(main|start-product)\.mjs(\.map)?$/.test(name);
  await rm(path.join(to, 'migrations'), { recursive: true, force: true });
  for (const entry of [...fresh].sort((a, b) => Number(isEntry(a.name)) - Number(isEntry(b.name)))) {
    await rename(path.join(from, entry.name), path.join(to, entry.name));
  }
  const names = new Set(fresh.map((e) => e.name));
  const now = Date.now();
  for (const name of await readdir(to)) {
    if (names.has(name)) continue;
    const file = path.join(to, name);
    if (now - (await stat(file)).mtimeMs > KEEP_OLD_MS) await rm(file, { recursive: true, force: true });
  }
}
