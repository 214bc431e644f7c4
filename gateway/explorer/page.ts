/**
 * The explorer's page and its bundled assets. The bundle (GraphiQL, React and the explorer's own
 * code, with every font inlined) is built from npm packages by `npm run build:explorer` into
 * `gateway/explorer/dist/`; the page loads it from the gateway itself, and its Content Security
 * Policy lets it reach nothing but the gateway, so it works on an intranet without internet.
 *
 * The bundle is looked for at every request: a gateway started before the build serves the
 * explorer once it is built, without a restart. Until then the page says how to build it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPLORER_PATHS } from './contract.ts';

/** Where `npm run build:explorer` writes the bundle (git ignores it). */
export const EXPLORER_DIST_DIR = fileURLToPath(new URL('./dist', import.meta.url));

/** The bundle's files in the dist folder. */
export const EXPLORER_BUNDLE = { script: 'explorer.js', stylesheet: 'explorer.css' } as const;

/**
 * Only the gateway itself: scripts and styles from it (GraphiQL sets inline styles), fonts and icons
 * inlined as `data:` URLs, requests to it alone. A page that tried to reach any other host is
 * stopped by the browser.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The asset files the gateway serves: the bundle and its source maps, nothing else of the folder. */
const ASSET_NAME = /^explorer\.(js|css)(\.map)?$/;

/** The content type of each kind of asset. */
const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

/** A bundled file, ready to send. */
export interface ExplorerAsset {
  contentType: string;
  body: Buffer;
}

/** The named asset of the bundle, or undefined when it is not one or is not built. */
export function readExplorerAsset(distDir: string, name: string): ExplorerAsset | undefined {
  const match = ASSET_NAME.exec(name);
  const file = path.join(distDir, name);
  if (!match || !existsSync(file)) return undefined;
  return {
    contentType: CONTENT_TYPES[match[2] ? 'map' : (match[1] as string)] as string,
    body: readFileSync(file),
  };
}

/** The URL of an asset, with its modification time so a rebuilt bundle is fetched anew. */
function assetUrl(distDir: string, name: string): string {
  const version = Math.trunc(statSync(path.join(distDir, name)).mtimeMs).toString(36);
  return `${EXPLORER_PATHS.assets}/${name}?v=${version}`;
}

function document(head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>OneThing explorer</title>
<link rel="icon" href="data:,">
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

/** The page shown while the bundle is not built: how to build it. */
function notBuiltPage(): string {
  return document(
    `<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 3rem auto; max-width: 42rem; padding: 0 1rem; color: #1b2240; }
code { background: #eef0f6; padding: 0.1rem 0.3rem; border-radius: 0.2rem; }
</style>`,
    `<main id="explorer-not-built">
<h1>The explorer is not built yet</h1>
<p>Build it once, from the repository's folder, then reload this page:</p>
<pre><code>npm run build:explorer</code></pre>
<p><code>npm ci</code> and <code>npm install</code> build it too. It is bundled from the npm packages already
installed and served by this gateway: it needs no internet.</p>
<p>Meanwhile the example operations of <code>schema/operations/</code> can be sent with <code>curl</code>
(see <code>schema/operations/README.md</code>).</p>
</main>`,
  );
}

/** The explorer's page, or the page saying how to build it. */
export function explorerPage(distDir: string): string {
  const built = Object.values(EXPLORER_BUNDLE).every((name) => existsSync(path.join(distDir, name)));
  if (!built) return notBuiltPage();
  return document(
    `<link rel="stylesheet" href="${assetUrl(distDir, EXPLORER_BUNDLE.stylesheet)}">`,
    `<div id="explorer">Loading the explorer…</div>
<noscript>The explorer needs JavaScript.</noscript>
<script type="module" src="${assetUrl(distDir, EXPLORER_BUNDLE.script)}"></script>`,
  );
}
