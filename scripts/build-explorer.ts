/**
 * `npm run build:explorer`: bundles the gateway's explorer (GraphiQL, React and
 * `gateway/explorer/client/`) with esbuild into `gateway/explorer/dist/` — one script, one
 * stylesheet, every font and icon inlined — from the npm packages installed, so the page needs
 * nothing from outside the machine. `npm ci` and `npm install` run it (the `prepare` script).
 *
 * A production install (`npm ci --omit=dev`) has no esbuild and needs no explorer: it is skipped.
 *
 * Then it checks that the stylesheet loads nothing from anywhere (GraphiQL's fonts come as `data:`
 * URLs) and, when React's type definitions are installed, type-checks the client
 * (`gateway/explorer/client/tsconfig.json`: the browser's DOM types are for that folder only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPLORER_BUNDLE, EXPLORER_DIST_DIR } from '../gateway/explorer/page.ts';

const require = createRequire(import.meta.url);
const CLIENT_DIR = fileURLToPath(new URL('../gateway/explorer/client', import.meta.url));

/** Every `url(…)` and `@import` of a stylesheet that would make the browser fetch something. */
function externalReferencesOf(css: string): string[] {
  const urls = [...css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/g)]
    .map((match) => match[2] as string)
    .filter((url) => !url.startsWith('data:') && !url.startsWith('#'));
  const imports = [...css.matchAll(/@import\s+[^;]+;/g)].map((match) => match[0]);
  return [...urls, ...imports];
}

/** Bundles the client into a fresh folder, then puts it in place of the old bundle. */
async function bundle(build: typeof import('esbuild').build): Promise<void> {
  const staging = `${EXPLORER_DIST_DIR}.building`;
  rmSync(staging, { recursive: true, force: true });
  await build({
    entryPoints: { explorer: path.join(CLIENT_DIR, 'main.tsx') },
    outdir: staging,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    jsx: 'automatic',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'eof',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Whatever a stylesheet refers to goes inside it: the page fetches nothing but the two files.
    loader: {
      '.woff': 'dataurl',
      '.woff2': 'dataurl',
      '.ttf': 'dataurl',
      '.svg': 'dataurl',
      '.png': 'dataurl',
    },
    logLevel: 'warning',
  });
  rmSync(EXPLORER_DIST_DIR, { recursive: true, force: true });
  renameSync(staging, EXPLORER_DIST_DIR);
}

/** Fails when the stylesheet would fetch anything: a font or image from a CDN, an `@import`. */
function checkOffline(): void {
  for (const name of Object.values(EXPLORER_BUNDLE)) {
    if (!existsSync(path.join(EXPLORER_DIST_DIR, name))) throw new Error(`the bundle has no ${name}`);
  }
  const css = readFileSync(path.join(EXPLORER_DIST_DIR, EXPLORER_BUNDLE.stylesheet), 'utf8');
  const external = externalReferencesOf(css);
  if (external.length > 0) {
    throw new Error(`the explorer's stylesheet would fetch from outside the bundle: ${external.join(', ')}`);
  }
}

/** Type-checks the client when React's types are installed; says so when they are not. */
function typecheckClient(): void {
  try {
    require.resolve('@types/react/package.json');
    require.resolve('@types/react-dom/package.json');
  } catch {
    console.warn(
      'explorer: @types/react and @types/react-dom are not installed; the client was not type-checked',
    );
    return;
  }
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '--noEmit', '-p', path.join(CLIENT_DIR, 'tsconfig.json')],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error('the explorer client does not type-check');
}

let esbuild: typeof import('esbuild') | undefined;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('explorer: esbuild is not installed (a production install?): the explorer is not built');
  process.exit(0);
}
try {
  const started = performance.now();
  await bundle(esbuild.build);
  checkOffline();
  typecheckClient();
  console.log(
    `explorer: built ${path.relative(process.cwd(), EXPLORER_DIST_DIR)} in ${Math.round(performance.now() - started)} ms`,
  );
} catch (error) {
  console.error(`explorer: ${(error as Error).message}`);
  process.exit(1);
}
