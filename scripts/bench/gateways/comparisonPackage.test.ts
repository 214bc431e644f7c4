import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPARISON_DIR, ensureComparisonPackage, installState } from './comparisonPackage.ts';

/** A lock of one package, as npm writes it. */
function lockOf(version: string): string {
  return JSON.stringify({
    name: 'comparison',
    lockfileVersion: 3,
    packages: {
      '': { name: 'comparison', dependencies: { 'left-pad': version } },
      'node_modules/left-pad': { version, integrity: `sha512-${version}` },
      'node_modules/fsevents': { version: '2.3.3', integrity: 'sha512-mac', optional: true },
    },
  });
}

/**
 * An install that leaves behind what `npm ci` does: the lock's packages recorded in node_modules (an
 * optional one skipped). It runs in the package's folder.
 */
const INSTALLS = [
  process.execPath,
  '-e',
  `const fs = require('node:fs');
   const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
   delete lock.packages[''];
   delete lock.packages['node_modules/fsevents'];
   fs.mkdirSync('node_modules', { recursive: true });
   fs.writeFileSync('node_modules/.package-lock.json', JSON.stringify(lock));`,
];
/** An install that fails the way npm does, with a message on stderr. */
const FAILS = [process.execPath, '-e', 'console.error("npm error code E404"); process.exit(1)'];
/** An install that ends well without installing anything. */
const DOES_NOTHING = [process.execPath, '-e', ''];

describe('the comparison package', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'onething-comparison-'));
    writeFileSync(path.join(dir, 'package-lock.json'), lockOf('1.3.0'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is installed on first use, saying so in one line, and not again while it is up to date', async () => {
    const lines: string[] = [];
    expect(installState(dir)).toBe('missing');
    await ensureComparisonPackage(dir, (line) => lines.push(line), INSTALLS);
    expect(installState(dir)).toBe('installed');
    await ensureComparisonPackage(dir, (line) => lines.push(line), FAILS);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('first use');
  });

  it('is installed again once its lock changes', async () => {
    await ensureComparisonPackage(dir, () => {}, INSTALLS);
    writeFileSync(path.join(dir, 'package-lock.json'), lockOf('1.3.1'));
    expect(installState(dir)).toBe('stale');
    const lines: string[] = [];
    await ensureComparisonPackage(dir, (line) => lines.push(line), INSTALLS);
    expect(lines[0]).toContain('differs from its lock');
    expect(installState(dir)).toBe('installed');
  });

  it('is stale when its node_modules holds a package the lock does not name', async () => {
    await ensureComparisonPackage(dir, () => {}, INSTALLS);
    const record = path.join(dir, 'node_modules', '.package-lock.json');
    const installed = JSON.parse(readFileSync(record, 'utf8'));
    installed.packages['node_modules/is-odd'] = { version: '3.0.1' };
    writeFileSync(record, JSON.stringify(installed));
    expect(installState(dir)).toBe('stale');
  });

  it('fails naming the install command and quoting its output, and stays not installed', async () => {
    await expect(ensureComparisonPackage(dir, () => {}, FAILS)).rejects.toThrow(
      /could not be installed: .* exited with code 1\. Its output ended with:\nnpm error code E404/,
    );
    expect(installState(dir)).toBe('missing');
  });

  it('fails when the install ends without installing what the lock names', async () => {
    await expect(ensureComparisonPackage(dir, () => {}, DOES_NOTHING)).rejects.toThrow(
      /does not match its lock/,
    );
  });

  it('fails naming the command when it cannot be started', async () => {
    await expect(ensureComparisonPackage(dir, () => {}, [path.join(dir, 'no-such-npm')])).rejects.toThrow(
      /no-such-npm did not start/,
    );
  });

  it('takes Hive Gateway and graphql from the npm registry at fixed versions, one graphql', () => {
    const manifest = JSON.parse(readFileSync(path.join(COMPARISON_DIR, 'package.json'), 'utf8'));
    const lock = JSON.parse(readFileSync(path.join(COMPARISON_DIR, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string; integrity?: string }>;
    };
    for (const version of Object.values<string>(manifest.dependencies)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    }
    const installed = Object.entries(lock.packages).filter(([where]) => where !== '');
    // Registry packages only (npm omits a registry package's URL from the lock): no git, file or
    // tarball URL, each checked by its integrity hash.
    for (const [where, entry] of installed) {
      expect(entry.resolved ?? 'https://registry.npmjs.org/', where).toMatch(
        /^https:\/\/registry\.npmjs\.org\//,
      );
      expect(entry.integrity, where).toMatch(/^sha512-/);
    }
    expect(installed.filter(([where]) => /(^|\/)node_modules\/graphql$/.test(where))).toHaveLength(1);
  });
});
