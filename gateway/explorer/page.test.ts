import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explorerPage, readExplorerAsset } from './page.ts';

const dist = mkdtempSync(path.join(tmpdir(), 'onething-explorer-dist-'));
writeFileSync(path.join(dist, 'explorer.js'), 'export {};');
writeFileSync(path.join(dist, 'explorer.css'), 'body {}');
writeFileSync(path.join(dist, 'secret.txt'), 'not an asset');

afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('the explorer page and its assets', () => {
  it('serves the bundle with its content type, and nothing else of the folder', () => {
    expect(readExplorerAsset(dist, 'explorer.js')?.contentType).toMatch(/^text\/javascript/);
    expect(readExplorerAsset(dist, 'explorer.css')?.contentType).toMatch(/^text\/css/);
    expect(readExplorerAsset(dist, 'explorer.js.map')).toBeUndefined();
    expect(readExplorerAsset(dist, 'secret.txt')).toBeUndefined();
    expect(readExplorerAsset(dist, '../page.ts')).toBeUndefined();
  });

  it('loads the bundle from the gateway under a policy that allows nothing else', () => {
    const html = explorerPage(dist);
    expect(html).toMatch(/<script type="module" src="\/explorer\/assets\/explorer\.js\?v=\w+"><\/script>/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/explorer\/assets\/explorer\.css\?v=\w+">/);
    expect(html).toContain(`default-src 'none'`);
    expect(html).not.toMatch(/https?:/);
  });

  it('says how to build the bundle while it is missing', () => {
    const empty = path.join(dist, 'missing');
    expect(explorerPage(empty)).toContain('npm run build:explorer');
  });
});
