import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPARISON_DIR, ensureComparisonPackage, installState } from './comparisonPackage.ts';

/** An install that succeeds without installing anything. */
const SUCCEEDS = [process.execPath, '-e', ''];
/** An install that fails the way npm does, with a message on stderr. */
const FAILS = [process.execPath, '-e', 'console.error("npm error code E404"); process.exit(1)'];

describe('the comparison package', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'onething-comparison-'));
    writeFileSync(path.join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is installed on first use, saying so in one line, and not again while its lock is unchanged', async () => {
    const lines: string[] = [];
    expect(installState(dir)).toBe('missing');
    await ensureComparisonPackage(dir, (line) => lines.push(line), SUCCEEDS);
    expect(installState(dir)).toBe('installed');
    await ensureComparisonPackage(dir, (line) => lines.push(line), FAILS);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('first use');
  });

  it('is installed again once its lock changes', async () => {
    await ensureComparisonPackage(dir, () => {}, SUCCEEDS);
    writeFileSync(path.join(dir, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}\n');
    expect(installState(dir)).toBe('stale');
    const lines: string[] = [];
    await ensureComparisonPackage(dir, (line) => lines.push(line), SUCCEEDS);
    expect(lines[0]).toContain('its lock changed');
    expect(installState(dir)).toBe('installed');
  });

  it('fails naming the install command and quoting its output, and counts as not installed', async () => {
    await expect(ensureComparisonPackage(dir, () => {}, FAILS)).rejects.toThrow(
      /could not be installed: .* exited with code 1\. Its output ended with:\nnpm error code E404/,
    );
    expect(installState(dir)).toBe('missing');
  });

  it('fails naming the command when it cannot be started', async () => {
    await expect(ensureComparisonPackage(dir, () => {}, [path.join(dir, 'no-such-npm')])).rejects.toThrow(
      /no-such-npm did not start/,
    );
  });

  it('takes Hive Gateway and graphql from the npm registry at fixed versions, one graphql', () => {
    const manifest = JSON.parse(readFileSync(path.join(COMPARISON_DIR, 'package.json'), 'utf8'));
    const lock = JSON.parse(readFileSync(path.join(COMPARISON_DIR, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; resolved?: string; integrity?: string }>;
    };
    for (const version of Object.values<string>(manifest.dependencies))
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = Object.entries(lock.packages).filter(([where]) => where !== '');
    // Registry packages only: no git, file or tarball URL, each checked by its integrity hash.
    for (const [where, entry] of installed) {
      expect(entry.resolved ?? 'https://registry.npmjs.org/', where).toMatch(
        /^https:\/\/registry\.npmjs\.org\//,
      );
      expect(entry.integrity, where).toMatch(/^sha512-/);
    }
    expect(installed.filter(([where]) => /(^|\/)node_modules\/graphql$/.test(where))).toHaveLength(1);
  });
});
